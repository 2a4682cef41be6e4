/** Pattern tests: `tests/*.yaml` of a pattern package, run through the engine with mocked actions. */
export {
  type ActionMock,
  isTestFile,
  type LoadedTests,
  loadPatternTests,
  type PatternTestCase,
} from './load.js';
export {
  checkExpectations,
  DEFAULT_TEST_LIMITS,
  type ExpectationFailure,
  mockOutcome,
  type RunTestsOptions,
  runPatternTests,
  runTestCase,
  type TestCaseResult,
  type TestLimits,
  type TestReport,
} from './run.js';
