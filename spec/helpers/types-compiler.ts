/**
 * The TypeScript compiler and language service, driven in-process for the type-level specs: virtual
 * files (sources written in a spec) are type-checked beside real ones with the project's tsconfig, as
 * `tsc -p tsconfig.json --noEmit` and an editor would.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Where virtual files live, so their `../../lib` imports resolve. */
export const TYPES_DIR = path.join(ROOT, 'spec/types');

function projectOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options, noEmit: true };
}

function withVirtualFiles(host: ts.CompilerHost, virtual: ReadonlyMap<string, string>): ts.CompilerHost {
  return {
    ...host,
    fileExists: (name) => virtual.has(name) || host.fileExists(name),
    readFile: (name) => virtual.get(name) ?? host.readFile(name),
    getSourceFile: (name, language, onError) => {
      const text = virtual.get(name);
      return text === undefined ? host.getSourceFile(name, language, onError) : ts.createSourceFile(name, text, language, true);
    },
  };
}

export interface Checked {
  /** Diagnostics of one file, as `TS2322 line 3: message` lines (message chains flattened). */
  diagnostics(fileName: string): string[];
}

/** Type-checks `virtual` (file name → source, names relative to TYPES_DIR) and `real` files in one program. */
export function typeCheck(virtual: Record<string, string>, real: readonly string[] = []): Checked {
  const options = projectOptions();
  const sources = new Map(Object.entries(virtual).map(([name, text]) => [path.join(TYPES_DIR, name), text]));
  const realPaths = real.map((name) => path.join(TYPES_DIR, name));
  const program = ts.createProgram([...sources.keys(), ...realPaths], options, withVirtualFiles(ts.createCompilerHost(options), sources));
  return {
    diagnostics(fileName) {
      const file = program.getSourceFile(path.join(TYPES_DIR, fileName));
      if (!file) throw new Error(`${fileName} is not part of the program`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
        const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1;
        return `TS${d.code} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    },
  };
}

/** One language service per spec file, its single virtual file rewritten per question (the program is reused). */
let editor: { service: ts.LanguageService; fileName: string; file: { text: string; version: number } } | undefined;

function languageService() {
  if (editor) return editor;
  const fileName = path.join(TYPES_DIR, 'virtual-completion.ts');
  const options = projectOptions();
  const file = { text: '', version: 0 };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [fileName],
    getScriptVersion: (name) => (name === fileName ? String(file.version) : '1'),
    getScriptSnapshot: (name) => {
      const content = name === fileName ? file.text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? file.text : ts.sys.readFile(name)),
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return (editor = { service: ts.createLanguageService(host, ts.createDocumentRegistry()), fileName, file });
}

/** The completion entry names an editor offers at the `|` marker of `source` (a virtual file in TYPES_DIR). */
export function completionsAt(source: string): string[] {
  const marker = source.indexOf('|');
  if (marker < 0) throw new Error('completionsAt needs a | marker');
  const { service, fileName, file } = languageService();
  file.text = source.slice(0, marker) + source.slice(marker + 1);
  file.version += 1;
  const completions = service.getCompletionsAtPosition(fileName, marker, { includeCompletionsWithInsertText: true });
  return (completions?.entries ?? []).map((entry) => entry.name);
}

/** A declared property of a typed chain node: its name, the literal `pathname` its type states, its own properties. */
export interface TypedProperty {
  readonly name: string;
  readonly pathname: string;
  readonly children: TypedProperty[];
}

/**
 * The declared (non-index-signature) properties of the exported `variable` of `source`, recursively,
 * each with the string literal of its type's `pathname` (a loose node has none and is not descended).
 */
export function declaredProperties(source: string, variable: string): TypedProperty[] {
  const fileName = path.join(TYPES_DIR, 'virtual-trie.ts');
  const options = projectOptions();
  const program = ts.createProgram([fileName], options, withVirtualFiles(ts.createCompilerHost(options), new Map([[fileName, source]])));
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(fileName)!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === variable);
  if (!symbol) throw new Error(`${variable} is not exported`);

  const literalPathname = (type: ts.Type): string | undefined => {
    const pathname = type.getProperty('pathname');
    const pathnameType = pathname && checker.getTypeOfSymbolAtLocation(pathname, file);
    return pathnameType?.isStringLiteral() ? pathnameType.value : undefined;
  };
  const propertiesOf = (type: ts.Type): TypedProperty[] =>
    checker.getPropertiesOfType(type).flatMap((property) => {
      const propertyType = checker.getTypeOfSymbolAtLocation(property, file);
      const pathname = literalPathname(propertyType);
      return pathname === undefined ? [] : [{ name: property.name, pathname, children: property.name.includes('/') ? [] : propertiesOf(propertyType) }];
    });
  return propertiesOf(checker.getTypeOfSymbolAtLocation(symbol, file));
}

/** What the editor shows when hovering the identifier at the `|` marker: its type and its documentation. */
export function hoverAt(source: string): { type: string; documentation: string } {
  const marker = source.indexOf('|');
  if (marker < 0) throw new Error('hoverAt needs a | marker');
  const { service, fileName, file } = languageService();
  file.text = source.slice(0, marker) + source.slice(marker + 1);
  file.version += 1;
  const info = service.getQuickInfoAtPosition(fileName, marker);
  return {
    type: ts.displayPartsToString(info?.displayParts),
    documentation: [ts.displayPartsToString(info?.documentation), ...(info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`)].join('\n'),
  };
}
