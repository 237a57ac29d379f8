import { defineCallsApiSuite } from './calls.suite.js';

defineCallsApiSuite('embedded', true);
