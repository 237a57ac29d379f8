import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../models/package-root.js';

/**
 * The web takes the API's shapes from the generated types only: the type argument of every
 * `api<…>(…)` call in web/src is a name that leads, through imports, re-exports and aliases, to
 * web/src/lib/api-shapes.ts (which names the schemas of shared/api-types.gen.ts). An inline
 * envelope (`api<{ items: Appeal[] }>`), an array or a local interface is a server shape written
 * a second time, and fails here with its file and line.
 */

const ROOT = packagePath('.');
const SHAPES = 'web/src/lib/api-shapes.ts';
const GENERATED = 'shared/api-types.gen.ts';

/**
 * Files still restating answers, owned by work in progress elsewhere (the call page). A file
 * leaves this list as soon as it is clean: the test also fails when a listed file has nothing left.
 */
const PENDING = new Set<string>([]);

const rel = (file: string) => relative(ROOT, file).split('\\').join('/');

/** Where a type name finally comes from: the file of the declaration its aliases end at. */
function originOf(checker: ts.TypeChecker, node: ts.TypeNode, seen = new Set<ts.Node>()): string | null {
  if (!ts.isTypeReferenceNode(node) || seen.has(node)) return null;
  seen.add(node);
  let symbol = checker.getSymbolAtLocation(
    ts.isIdentifier(node.typeName) ? node.typeName : node.typeName.right,
  );
  if (!symbol) return null;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol.declarations?.[0];
  if (!decl) return null;
  const file = rel(decl.getSourceFile().fileName);
  if (file === SHAPES || file === GENERATED) return file;
  // A local alias of a generated name (`type Goal = GoalView`) is a name, not a copy: follow it.
  if (ts.isTypeAliasDeclaration(decl)) return originOf(checker, decl.type, seen);
  return file;
}

const isShapes = (file: string | null) => file === SHAPES || file === GENERATED;
const fileOf = (symbol: ts.Symbol | undefined) => {
  const decl = symbol?.declarations?.[0];
  return decl ? rel(decl.getSourceFile().fileName) : null;
};

/**
 * For an `api(…)` without a type argument, whose answer type is inferred from where it goes
 * (`setDiff(await api(…))`): null when that type is generated (or unknown: the answer is not
 * read), else the answer type as the checker writes it.
 */
function inferredRestatement(checker: ts.TypeChecker, call: ts.CallExpression): string | null {
  const signature = checker.getResolvedSignature(call);
  if (!signature) return null;
  const answer = checker.getAwaitedType(signature.getReturnType());
  if (!answer || answer.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Void)) return null;
  for (const part of answer.isUnion() ? answer.types : [answer]) {
    // JSON is never a function: React's SetStateAction<T> offers `T | ((prev: T) => T)`.
    if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined) || part.getCallSignatures().length > 0)
      continue;
    if (!isShapes(fileOf(part.aliasSymbol)) && !isShapes(fileOf(part.getSymbol())))
      return checker.typeToString(answer);
  }
  return null;
}

interface Offender {
  file: string;
  line: number;
  typeArgument: string;
}

/** Every `api<T>(…)` of web/src whose T does not come from the generated shapes. */
function restatedAnswers(): Offender[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    packagePath('web/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('web/tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const checker = program.getTypeChecker();
  const offenders: Offender[] = [];
  for (const source of program.getSourceFiles()) {
    const file = rel(source.fileName);
    if (!file.startsWith('web/src/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'api') {
        const arg = node.typeArguments?.[0];
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        if (arg && !isShapes(originOf(checker, arg)))
          offenders.push({ file, line, typeArgument: arg.getText(source).replace(/\s+/g, ' ') });
        const inferred = arg ? null : inferredRestatement(checker, node);
        if (inferred) offenders.push({ file, line, typeArgument: `inferred ${inferred}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return offenders;
}

describe('the web restates no API answer', () => {
  const offenders = restatedAnswers();

  it('takes the type of every api<…> answer from the generated shapes (web/src/lib/api-shapes.ts)', () => {
    const restated = offenders
      .filter((o) => !PENDING.has(o.file))
      .map((o) => `${o.file}:${o.line} api<${o.typeArgument}>`);
    // On failure: name the answer's schema in api/openapi-shapes.ts (add one if the route has
    // none), run `npm run gen:api-types`, name it in web/src/lib/api-shapes.ts and use that name.
    expect(restated).toEqual([]);
  });

  it('keeps the pending list to files that still restate an answer', () => {
    const still = new Set(offenders.map((o) => o.file));
    expect([...PENDING].filter((f) => !still.has(f))).toEqual([]);
  });

  it('finds an inline envelope, an array and a local interface, written or inferred, and lets generated names and their aliases pass', () => {
    // The checker above on a small program of its own: the rule must be able to fail.
    const files: Record<string, string> = {
      [packagePath(SHAPES)]: 'export type GoalList = { items: { id: string }[] };\n',
      [packagePath('web/src/x.ts')]: [
        "import type { GoalList } from './lib/api-shapes';",
        'declare function api<T>(path: string): Promise<T>;',
        'type Goals = GoalList;',
        'interface Local { id: string }',
        "api<GoalList>('/a');",
        "api<Goals>('/b');",
        "api<{ items: Local[] }>('/c');",
        "api<Local[]>('/d');",
        "api<Local>('/e');",
        'async function load(set: (x: Local) => void, setGoals: (x: GoalList | null) => void) {',
        "  set(await api('/f'));",
        "  setGoals(await api('/g'));",
        "  await api('/h');",
        '}',
      ].join('\n'),
    };
    const host = ts.createCompilerHost({ noEmit: true });
    const read = host.readFile.bind(host);
    host.readFile = (f) => files[f] ?? read(f);
    host.fileExists = (f) => f in files || ts.sys.fileExists(f);
    host.getSourceFile = (f, lang) => {
      const text = host.readFile(f);
      return text === undefined ? undefined : ts.createSourceFile(f, text, lang);
    };
    const program = ts.createProgram({
      rootNames: [packagePath('web/src/x.ts')],
      options: { noEmit: true, lib: ['lib.es2022.d.ts'], types: [], strict: true },
      host,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(packagePath('web/src/x.ts'))!;
    const origins: string[] = [];
    const inferred: (string | null)[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'api') {
        const arg = node.typeArguments?.[0];
        if (arg) origins.push(`${arg.getText(source)} → ${originOf(checker, arg)}`);
        else inferred.push(inferredRestatement(checker, node));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(origins).toEqual([
      `GoalList → ${SHAPES}`,
      `Goals → ${SHAPES}`,
      '{ items: Local[] } → null',
      'Local[] → null',
      'Local → web/src/x.ts',
    ]);
    // Inferred from where the answer goes: a local interface fails, a generated name (or null
    // beside it) passes, an answer nobody reads passes.
    expect(inferred).toEqual(['Local', null, null]);
  });
});
