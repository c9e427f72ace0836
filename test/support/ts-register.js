// Runs the TypeScript sources of an app in a child process (crash tests spawn real workers
// without a build): @swc/core compiles each .ts file as Jest does, and the `@app/*` aliases and
// the `.js` specifiers of the generated Prisma client resolve to the sources.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function resolve(request, parent, ...rest) {
  let target = request;
  const alias = /^@app\/([a-z-]+)(\/.*)?$/.exec(request);
  if (alias) target = path.join(root, 'libs', alias[1], 'src', alias[2] ?? '');
  if (target.endsWith('.js') && (target.startsWith('.') || path.isAbsolute(target)) && parent?.filename) {
    const source = path.resolve(path.dirname(parent.filename), target).replace(/\.js$/, '.ts');
    if (source.startsWith(root) && fs.existsSync(source)) target = source;
  }
  return resolveFilename.call(this, target, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
