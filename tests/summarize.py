#!/usr/bin/env python3
"""Sum up a `meson test` run case by case.

Usage: summarize.py BUILDDIR   (or the path of a testlog.json)

Reads <builddir>/meson-logs/testlog.json, one JSON object per test as Meson
1.0.1 writes it: "name" ("project:suite / test" when there are several
suites), "result" (OK, FAIL, ERROR, TIMEOUT, SKIP, EXPECTEDFAIL,
UNEXPECTEDPASS, INTERRUPT), "stdout", "returncode", "command", ...  It holds
no protocol, so that comes from <builddir>/meson-info/intro-tests.json; when a
test cannot be found there, output with a TAP plan or version line counts as
TAP.

Counting:
* a TAP test counts each `ok` / `not ok` line at column 0 of its stdout (read
  as Meson reads them): `ok ... # SKIP` is skipped, `not ok ... # TODO` passed,
  `ok ... # TODO` failed; and one failure more when the test as a whole did
  not pass (failed, timed out, errored) without any failing line of its own;
* any other test counts once, by its result.

Prints one `FAILED: <test name>: <case>` line per failing item, then
`# K skipped`, and as the last line exactly `N passed, M failed` (skips in
neither).  Exit status 0 iff M == 0.
"""

import json
import os
import re
import sys

# The same grammar Meson's TAPParser uses (mesonbuild/mtest.py).
_TAP_RESULT_RE = re.compile(r'((?:not )?ok)\s*(?:([0-9]+)\s*)?([^#]*)'
                            r'(?:\s*#\s*([Ss][Kk][Ii][Pp]\S*|[Tt][Oo][Dd][Oo])\b\s*(.*))?')
_TAP_MARK_RE = re.compile(r'^(?:TAP version \d+|1\.\.\d+)', re.M)
GOOD = ('OK', 'EXPECTEDFAIL')


def load_protocols(builddir):
    """Map test name -> set of protocols, from Meson's introspection data."""
    protocols = {}
    try:
        with open(os.path.join(builddir, 'meson-info', 'intro-tests.json')) as f:
            for test in json.load(f):
                protocols.setdefault(test['name'], set()).add(test.get('protocol', 'exitcode'))
    except (OSError, ValueError):
        pass
    return protocols


def is_tap(entry, protocols):
    # testlog names are "<project>[:<suites>] / <name>" or just "<name>".
    found = protocols.get(entry['name'].rsplit(' / ', 1)[-1])
    if found is not None and len(found) == 1:
        return 'tap' in found
    return bool(_TAP_MARK_RE.search(entry.get('stdout') or ''))


def tap_cases(stdout):
    """Yield (outcome, case) with outcome 'pass', 'fail' or 'skip'."""
    for line in stdout.splitlines():
        m = _TAP_RESULT_RE.match(line)
        if not line.startswith(('ok', 'not ok')) or not m:
            continue
        ok, directive = m.group(1) == 'ok', (m.group(4) or '').upper()
        case = m.group(3).strip() or f'test {m.group(2) or "?"}'
        if not ok and '#' in line:  # the runner says there what went wrong
            case += ' # ' + line.split('#', 1)[1].strip()
        if directive.startswith('SKIP') and ok:
            yield 'skip', case
        elif directive == 'TODO':
            yield ('fail' if ok else 'pass'), case + ' (TODO)'
        else:
            yield ('pass' if ok else 'fail'), case


def whole_test_failure(entry):
    result = entry['result']
    status = entry.get('returncode')
    if result in ('FAIL', 'ERROR') and status:
        return f'{result} (exit status {status})'
    return result


def summarize(entries, protocols, out=sys.stdout):
    """Print the summary; return the number of failures."""
    passed = failed = skipped = 0
    for entry in entries:
        name, result = entry['name'], entry['result']
        if is_tap(entry, protocols):
            has_failing_line = seen = False
            for outcome, case in tap_cases(entry.get('stdout') or ''):
                seen = True
                if outcome == 'pass':
                    passed += 1
                elif outcome == 'skip':
                    skipped += 1
                else:
                    failed += 1
                    has_failing_line = True
                    print(f'FAILED: {name}: {case}', file=out)
            if result == 'SKIP' and not seen:
                skipped += 1
            elif result not in GOOD + ('SKIP',) and not has_failing_line:
                failed += 1
                print(f'FAILED: {name}: {whole_test_failure(entry)}', file=out)
        elif result in GOOD:
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
            print(f'FAILED: {name}: {whole_test_failure(entry)}', file=out)
    print(f'# {skipped} skipped', file=out)
    print(f'{passed} passed, {failed} failed', file=out)
    return failed


def main(argv):
    if len(argv) != 2:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    path = argv[1]
    if os.path.isdir(path):
        builddir, path = path, os.path.join(path, 'meson-logs', 'testlog.json')
    else:
        builddir = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    try:
        with open(path) as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        print(f'summarize: cannot read {path}: {e}', file=sys.stderr)
        print('0 passed, 1 failed')
        return 1
    return 0 if summarize(entries, load_protocols(builddir)) == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
