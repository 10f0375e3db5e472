// Project lint rules that keep the structure visible (STYLE.md "Boundaries between modules",
// "User text"):
// - module-boundaries: a module imports another module only through its index.ts; platform/
//   never imports modules/ (nor the application list that composes them).
// - no-foreign-table-writes: insert/update/delete only on the module's own tables; another
//   module's tables (exported for read-only joins) change through that module's functions.
// - no-chinese-literals: user text in .tsx lives in the feature's locale messages.
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const modulesDir = path.join(root, 'server', 'modules');
const platformDir = path.join(root, 'server', 'platform');

function within(dir, file) {
  return file === dir || file.startsWith(dir + path.sep);
}

/** `customers` for server/modules/customers/…, else null. */
function moduleOf(file) {
  if (!within(modulesDir, file)) return null;
  return path.relative(modulesDir, file).split(path.sep)[0] ?? null;
}

function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  return path.resolve(path.dirname(fromFile), spec).replace(/\.(ts|tsx|js)$/, '');
}

const isTestFile = (file) => /\.test\.tsx?$/.test(file);

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "modules import each other only through index.ts; platform never imports modules" },
    schema: [],
    messages: {
      deep: "Import '{{spec}}' reaches into module '{{target}}'; import from its index.ts instead (add the export there if it is meant to be public).",
      platform: "platform/ must not import modules/ ('{{spec}}'): let the module register through its manifest instead.",
    },
  },
  create(context) {
    const file = context.filename;
    const ownModule = moduleOf(file);
    const inPlatform = within(platformDir, file);
    function check(node, spec) {
      const target = resolveImport(file, spec);
      if (!target) return;
      if (inPlatform && (within(modulesDir, target) || target === path.join(root, 'server', 'modules'))) {
        context.report({ node, messageId: 'platform', data: { spec } });
        return;
      }
      const targetModule = moduleOf(target);
      if (!targetModule || targetModule === ownModule || !ownModule) return;
      // Tests may read another module's rows to assert outcomes.
      if (isTestFile(file)) return;
      const rest = path.relative(path.join(modulesDir, targetModule), target);
      if (rest === '' || rest === 'index') return;
      context.report({ node, messageId: 'deep', data: { spec, target: targetModule } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const noForeignTableWrites = {
  meta: {
    type: 'problem',
    docs: { description: "no insert/update/delete on another module's tables" },
    schema: [],
    messages: {
      write: "'{{name}}' belongs to module '{{owner}}': change it through a function that module exports, not with .{{method}}().",
    },
  },
  create(context) {
    const file = context.filename;
    const ownModule = moduleOf(file);
    if (!ownModule || isTestFile(file) || /\.fixtures\.ts$/.test(file)) return {};
    /** local name → owning module, for names imported from another module. */
    const foreign = new Map();
    return {
      ImportDeclaration(node) {
        const target = resolveImport(file, node.source.value);
        const owner = target && moduleOf(target);
        if (!owner || owner === ownModule) return;
        for (const specifier of node.specifiers) foreign.set(specifier.local.name, owner);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (!['insert', 'update', 'delete'].includes(method)) return;
        const [table] = node.arguments;
        if (!table || table.type !== 'Identifier' || !foreign.has(table.name)) return;
        context.report({ node, messageId: 'write', data: { name: table.name, owner: foreign.get(table.name), method } });
      },
    };
  },
};

const han = /\p{Script=Han}/u;

const noChineseLiterals = {
  meta: {
    type: 'problem',
    docs: { description: 'user text in components comes from locale messages' },
    schema: [],
    messages: {
      literal: 'Chinese text in a component: move it to the feature\'s locale messages (zh-CN and en) and use t(…).',
    },
  },
  create(context) {
    const report = (node) => context.report({ node, messageId: 'literal' });
    return {
      Literal(node) {
        if (typeof node.value === 'string' && han.test(node.value)) report(node);
      },
      TemplateElement(node) {
        if (han.test(node.value.raw)) report(node);
      },
      JSXText(node) {
        if (han.test(node.value)) report(node);
      },
    };
  },
};

export const boundaries = {
  rules: {
    'module-boundaries': moduleBoundaries,
    'no-foreign-table-writes': noForeignTableWrites,
    'no-chinese-literals': noChineseLiterals,
  },
};
