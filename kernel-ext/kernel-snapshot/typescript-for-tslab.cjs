// TypeScript as tslab gets it in a kernel started from the snapshot (builder.cjs): its watch programs reuse
// the snapshot's parsed declaration files, watch no folder, come without the bookkeeping TypeScript's
// builder adds, and emit a cell as CommonJS at once. Plain JavaScript that requires nothing: the
// snapshot's builder loads it with its own loader.
"use strict";

/**
 * The files `file` depends on, itself first: every file it reaches through its imports, its `/// <reference>`s
 * and its type references, as TypeScript's builder answers `getAllDependencies` — or every file, when `file`
 * adds to the global scope. The builder knows imports through the type checker, for all ~490 files of a
 * program before a cell is even checked; the module each import resolved to is the same file, read from the
 * program's resolutions in a fraction of that.
 */
function dependenciesOf(ts, program, file) {
  const globalScope =
    file.moduleAugmentations.some((name) => ts.isGlobalScopeAugmentation(name.parent)) ||
    (!ts.isExternalOrCommonJsModule(file) && !ts.isJsonSourceFile(file) && !file.statements.every(ts.isModuleWithStringLiteralName));
  if (globalScope) return program.getSourceFiles().map((f) => f.fileName);
  const seen = new Set([file]);
  const queue = [file];
  const reach = (fileName) => {
    const next = fileName === undefined ? undefined : program.getSourceFile(fileName);
    if (next !== undefined && !seen.has(next)) {
      seen.add(next);
      queue.push(next);
    }
  };
  while (queue.length > 0) {
    const from = queue.pop();
    for (const name of from.imports) reach(ts.getResolvedModule(from, name.text, ts.getModeForUsageLocation(from, name))?.resolvedFileName);
    for (const reference of from.referencedFiles) reach(ts.resolveTripleslashReference(reference.fileName, from.fileName));
    from.resolvedTypeReferenceDirectiveNames?.forEach(({ resolvedTypeReferenceDirective }) => reach(resolvedTypeReferenceDirective?.resolvedFileName));
  }
  return [...seen].map((f) => f.fileName);
}

/**
 * A program with the face of the builder program a watch program makes (what tslab and the watch program
 * call of it). TypeScript's builder also records, for emitting only what changed, which file references
 * which, using the type checker on every import of every file: a third of the CPU of every cell's compile,
 * and a type checker made even for the program tslab makes only to learn a cell's names. tslab emits one
 * cell at a time and asks the builder only for a cell's dependencies (see dependenciesOf). A file is bound
 * (its names known) when it is asked for, as the builder's type checker would have bound it.
 */
function programAsBuilder(ts, program, commonJs) {
  const options = program.getCompilerOptions();
  return {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram() {},
    getCompilerOptions: () => options,
    getCurrentDirectory: () => program.getCurrentDirectory(),
    getSourceFile(fileName) {
      const file = program.getSourceFile(fileName);
      if (file !== undefined && file.locals === undefined) ts.bindSourceFile(file, options);
      return file;
    },
    getSourceFiles: () => program.getSourceFiles(),
    getOptionsDiagnostics: (token) => program.getOptionsDiagnostics(token),
    getGlobalDiagnostics: (token) => program.getGlobalDiagnostics(token),
    getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
    getSyntacticDiagnostics: (file, token) => program.getSyntacticDiagnostics(file, token),
    getDeclarationDiagnostics: (file, token) => program.getDeclarationDiagnostics(file, token),
    getSemanticDiagnostics: (file, token) => program.getSemanticDiagnostics(file, token),
    // tslab emits a cell as an ES module, then has transpileModule make CommonJS of that text, which makes
    // TypeScript type-check the JavaScript again (about a tenth of a second per a1 submission). Here the
    // cell's own emit ends with TypeScript's CommonJS transformer, after tslab's transformers, answering
    // from the checks the cell has had; transpileModule then hands that JavaScript back as it is.
    emit(file, writeFile, token, emitOnlyDts, transformers) {
      const after = [...(transformers?.after ?? []), (context) => ts.transformModule(asCommonJs(ts, context))];
      const written = (fileName, text, ...rest) => {
        if (fileName.endsWith(".js")) commonJs.add(text);
        writeFile(fileName, text, ...rest);
      };
      return program.emit(file, written, token, emitOnlyDts, { ...transformers, after });
    },
    getAllDependencies: (file) => dependenciesOf(ts, program, file),
    close() {},
  };
}

/**
 * The transformation context `context` of a program that emits ES modules, for TypeScript's CommonJS module
 * transformer: the same, but for the module kind its options name. What the transformer sets on the context
 * (its substitution hooks) is set on the program's own.
 */
function asCommonJs(ts, context) {
  const options = { ...context.getCompilerOptions(), module: ts.ModuleKind.CommonJS };
  return new Proxy(context, {
    get: (target, key) => (key === "getCompilerOptions" ? () => options : target[key]),
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
}

/**
 * TypeScript `ts` as tslab gets it: the same module, except that the watch programs it creates take their
 * parsed files from `reuseParsed(checked, fileName, languageVersion, fresh)` when it answers one, watch no
 * folder, and hand tslab each program as it is (see programAsBuilder), told to `onProgram` too.
 * tslab builds each cell's program through `createWatchCompilerHost` and the host's `createProgram`, the
 * one place a watch program lets its compiler host be wrapped.
 */
function typescriptForTslab(ts, { reuseParsed, onProgram }) {
  // JavaScript the programs emitted as CommonJS already, which tslab then hands transpileModule to make so.
  const commonJs = new Set();
  return {
    ...ts,
    transpileModule(input, options) {
      if (options.compilerOptions?.module === ts.ModuleKind.CommonJS && commonJs.delete(input)) return { outputText: input, diagnostics: [], sourceMapText: undefined };
      return ts.transpileModule(input, options);
    },
    createWatchCompilerHost(...args) {
      const host = ts.createWatchCompilerHost(...args);
      // TypeScript watches folders for a module that could not be found (node_modules and @types too, down
      // every folder below them: about 2,100 inotify watches and a fifth of a second of CPU per kernel), to
      // look again once it appears. Under tslab that never worked: the look-again timer it sets makes tslab's
      // single rebuild timer throw "Unexpected pending rebuildTimer" at the next cell, which then never ends.
      // Kernels started from the snapshot watch no folder: an import that failed stays failed, and the
      // kernel goes on.
      host.watchDirectory = () => ({ close() {} });
      const wrapped = new WeakSet();
      host.createProgram = (rootNames, options, compilerHost, oldBuilder, configFileParsingDiagnostics, projectReferences) => {
        if (compilerHost !== undefined && !wrapped.has(compilerHost)) {
          wrapped.add(compilerHost);
          const checked = new Set();
          const { getSourceFile, getSourceFileByPath } = compilerHost;
          compilerHost.getSourceFile = (fileName, version, onError, fresh) =>
            reuseParsed(checked, fileName, version, fresh) ?? getSourceFile.call(compilerHost, fileName, version, onError, fresh);
          if (getSourceFileByPath !== undefined) {
            compilerHost.getSourceFileByPath = (fileName, filePath, version, onError, fresh) =>
              reuseParsed(checked, fileName, version, fresh) ?? getSourceFileByPath.call(compilerHost, fileName, filePath, version, onError, fresh);
          }
        }
        const oldProgram = oldBuilder?.getProgram();
        const program =
          rootNames === undefined ? oldProgram : ts.createProgram({ rootNames, options, host: compilerHost, oldProgram, configFileParsingDiagnostics, projectReferences });
        onProgram(program);
        return programAsBuilder(ts, program, commonJs);
      };
      return host;
    },
  };
}

module.exports = { typescriptForTslab };
