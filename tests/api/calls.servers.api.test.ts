import { serversAvailable } from '../helpers/services.js';
import { defineCallsApiSuite } from './calls.suite.js';

defineCallsApiSuite('servers', await serversAvailable('calls API on PostgreSQL + Redis'));
