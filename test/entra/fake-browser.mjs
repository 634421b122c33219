// A stand-in for the admin's $BROWSER in the CLI tests: like a real browser launcher it writes chatter to its
// stdout and stderr (which must never reach the CLI's own stdout), then hands the address to the test's inbox
// (ADS_TEST_BROWSER_INBOX), whose real Chromium opens it.
const url = process.argv.at(-1);
process.stdout.write('Opening in existing browser session.\n');
process.stderr.write('[browser] launching\n');
await fetch(process.env.ADS_TEST_BROWSER_INBOX, { method: 'POST', body: url });
