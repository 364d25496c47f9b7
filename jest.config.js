// Jest in ESM mode. ts-jest transpiles each file on its own (tsconfig has isolatedModules, so no type
// checking here: `npm run typecheck` does that), and NodeNext-style ".js" specifiers map back to the sources.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/setup.ts'],
  testTimeout: 30000,
  // One worker per core, not Jest's cores − 1: most suites wait on git, child processes and servers rather
  // than compute, and on a 2-core machine one worker left the other core idle (7.5 → 4.5 min).
  maxWorkers: '100%',
};
