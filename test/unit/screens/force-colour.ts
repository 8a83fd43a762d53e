// Imported first by colour tests: chalk decides its colour level when it is loaded, and a test
// process has no terminal, so without this every colour would be off and nothing could be checked.
process.env.FORCE_COLOR = '3';
