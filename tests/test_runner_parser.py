#!/usr/bin/env python3
"""Tests for tests/runner.py: its KTAP parser, and the whole runner end to end.

Run as ``python3 tests/test_runner_parser.py``; it prints TAP (one line per
unittest case, plan last) and exits non-zero when a case failed, so Meson can
use ``protocol: 'tap'``.

The parser tests feed canned serial logs to runner.KtapParser.  The end-to-end
tests run runner.py with RUNNER_QEMU pointing at tests/fake_qemu.py, which
replays a canned log and exits (or hangs) the way QEMU would, and check how
the runner classifies each kind of failure.  No QEMU and no kernel needed.
"""

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import runner  # noqa: E402

RUNNER = os.path.join(HERE, 'runner.py')
FAKE_QEMU = os.path.join(HERE, 'fake_qemu.py')


def log(text):
    """A canned serial log: dedented, with the kernel's CR LF line ends."""
    return textwrap.dedent(text).lstrip('\n').replace('\n', '\r\n')


PASS_LOG = log('''
    Booting the mm kernel
    KTAP version 1
    1..2
        KTAP version 1
        # Subtest: string
        1..3
        ok 1 memmove_overlap
        ok 2 strscpy_truncates
        ok 3 foo # SKIP no hardware
    # string: pass:2 fail:0 skip:1 total:3
    ok 1 string
        KTAP version 1
        # Subtest: printk
        1..2
    printk: an ordinary log line in between
        ok 1 basic
        ok 2 fmt
    # printk: pass:2 fail:0 skip:0 total:2
    ok 2 printk
    # Totals: pass:4 fail:0 skip:1 total:5
    ktest: done pass=4 fail=0 skip=1
''')

# The diagnostic follows the failing result (as in DESIGN.md's example).
FAIL_LOG = log('''
    KTAP version 1
    1..1
        KTAP version 1
        # Subtest: string
        1..3
        ok 1 memmove_overlap
        not ok 2 strscpy_truncates
        # strscpy_truncates: EXPECTATION FAILED at tests/kernel/test_string.c:40
        # Expected ret == -E2BIG, but ret == 3
        ok 3 foo # SKIP no hardware
    # string: pass:1 fail:1 skip:1 total:3
    not ok 1 string
    ktest: done pass=1 fail=1 skip=1
''')

# KUnit's own order: diagnostics first, then the result.
KUNIT_ORDER_LOG = log('''
    KTAP version 1
    1..1
        KTAP version 1
        # Subtest: slab
        1..2
        # kmalloc_sizes: EXPECTATION FAILED at tests/kernel/test_slab.c:12
        not ok 1 kmalloc_sizes
        ok 2 kfree_null
    not ok 1 slab
    ktest: done pass=1 fail=1 skip=0
''')

PANIC_LOG = log('''
    KTAP version 1
    1..2
        KTAP version 1
        # Subtest: string
        1..1
        ok 1 memmove_overlap
    ok 1 string
        KTAP version 1
        # Subtest: slab
        1..3
        ok 1 kmalloc_sizes
    Kernel panic - not syncing: kernel BUG at mm/slab.c:100
''')

NO_PLAN_LOG = log('''
    KTAP version 1
        KTAP version 1
        # Subtest: string
        1..1
        ok 1 memmove_overlap
    ok 1 string
    ktest: done pass=1 fail=0 skip=0
''')

SHORT_SUITE_LOG = log('''
    KTAP version 1
    1..1
        KTAP version 1
        # Subtest: string
        1..3
        ok 1 memmove_overlap
        ok 2 strscpy_truncates
    ok 1 string
    ktest: done pass=2 fail=0 skip=0
''')

# What OVMF and GRUB leave on the serial line before the kernel's first byte.
FIRMWARE_JUNK = ('\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J\x1b[01;01HBdsDxe: starting Boot0001 "UEFI QEMU '
                 'DVD-ROM"\r\n\x1b[0m\x1b[30m\x1b[47mWelcome to GRUB!\n\r\n\r\x1b[0m\x1b[37m\x1b[40m'
                 '\x1b[H\x1b[J\x1b[1;1H  Booting `mm kernel tests\'\n\r\n\r')


def timestamped(text):
    """Prefix every line with a printk timestamp, as Linux does."""
    lines = text.split('\r\n')
    return '\r\n'.join(f'[{i * 0.001234:12.6f}] {line}' if line else line
                       for i, line in enumerate(lines))


def parse(text):
    """Feed a log to a fresh parser; return (parser, events)."""
    parser = runner.KtapParser()
    events = []
    for line in text.split('\n'):
        events += parser.feed(line)
    return parser, events


def tap_lines(events):
    return [(e.number, e.name, e.ok, e.skip) for e in events if isinstance(e, runner.CaseResult)]


class ParserTest(unittest.TestCase):

    def test_all_pass(self):
        parser, events = parse(PASS_LOG)
        self.assertEqual(tap_lines(events), [
            (1, 'string.memmove_overlap', True, False),
            (2, 'string.strscpy_truncates', True, False),
            (3, 'string.foo', True, True),
            (4, 'printk.basic', True, False),
            (5, 'printk.fmt', True, False)])
        self.assertEqual(events[2].reason, 'no hardware')
        self.assertEqual(parser.problems(), [])
        self.assertEqual(parser.failures(), [])
        self.assertIsNone(parser.panic)
        self.assertIsNone(parser.reset)

    def test_failure_with_diagnostics_after_result(self):
        parser, events = parse(FAIL_LOG)
        self.assertEqual(tap_lines(events)[1], (2, 'string.strscpy_truncates', False, False))
        echoed = [e.text for e in events if isinstance(e, runner.Echo)]
        self.assertEqual(echoed, [
            'strscpy_truncates: EXPECTATION FAILED at tests/kernel/test_string.c:40',
            'Expected ret == -E2BIG, but ret == 3'])
        # The echo comes right after the failing case, before the next case.
        kinds = [type(e).__name__ for e in events]
        self.assertEqual(kinds, ['CaseResult', 'CaseResult', 'Echo', 'Echo', 'CaseResult'])
        self.assertEqual(parser.problems(), [])
        self.assertEqual(len(parser.failures()), 1)

    def test_failure_with_diagnostics_before_result(self):
        parser, events = parse(KUNIT_ORDER_LOG)
        first = events[0]
        self.assertFalse(first.ok)
        self.assertEqual(first.name, 'slab.kmalloc_sizes')
        self.assertEqual(first.diagnostics,
                         ['kmalloc_sizes: EXPECTATION FAILED at tests/kernel/test_slab.c:12'])
        self.assertEqual(parser.problems(), [])

    def test_skip(self):
        _, events = parse(PASS_LOG)
        skip = events[2]
        self.assertTrue(skip.ok and skip.skip)
        # KTAP allows "not ok ... # SKIP"; a skip is never a failure.
        _, events = parse(log('''
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: dma
                1..1
                not ok 1 isa_channel # SKIP no ISA DMA
            ok 1 dma
        '''))
        self.assertTrue(events[0].ok and events[0].skip)
        self.assertEqual(events[0].reason, 'no ISA DMA')

    def test_panic_mid_suite(self):
        parser, events = parse(PANIC_LOG)
        self.assertEqual(len(tap_lines(events)), 2)
        self.assertEqual(parser.panic, 'Kernel panic - not syncing: kernel BUG at mm/slab.c:100')
        name, sentence = parser.running()
        self.assertEqual(name, 'slab (case 2)')
        self.assertIn('case 2 of 3', sentence)
        self.assertIn('ok 1 kmalloc_sizes', sentence)
        problems = ' / '.join(parser.problems())
        self.assertIn("suite 'slab' (#2) did not finish: 1 of 3 cases", problems)
        self.assertIn('planned 2 suites but 1 reported', problems)
        self.assertIn('no "ktest: done" line', problems)

    def test_missing_plan(self):
        parser, _ = parse(NO_PLAN_LOG)
        self.assertEqual(parser.problems(), ['no top-level KTAP plan (1..N)'])

    def test_no_ktap_at_all(self):
        parser, events = parse(log('''
            Booting the mm kernel
            ok 1 this is not KTAP, no header came first
        '''))
        self.assertEqual(events, [])
        self.assertIn('no KTAP header ("KTAP version 1") in the serial log', parser.problems())

    def test_short_suite(self):
        parser, _ = parse(SHORT_SUITE_LOG)
        self.assertEqual(parser.problems(),
                         ["suite 'string' (#1) planned 3 cases but reported 2"])

    def test_done_counts_must_match(self):
        parser, _ = parse(PASS_LOG.replace('pass=4', 'pass=5'))
        self.assertEqual(parser.problems(),
                         ['"ktest: done" counts disagree with the results: pass=5 (parsed 4)'])

    def test_escapes_and_cr_before_first_line(self):
        parser, events = parse(FIRMWARE_JUNK + PASS_LOG)
        self.assertEqual(len(tap_lines(events)), 5)
        self.assertEqual(parser.problems(), [])
        self.assertIsNone(parser.reset)
        # Escape sequences glued to the header on the same line.
        parser, events = parse('\x1b[0m\x1b[37m\x1b[40m' + PASS_LOG)
        self.assertEqual(len(tap_lines(events)), 5)
        self.assertEqual(parser.problems(), [])

    def test_timestamp_prefix(self):
        parser, events = parse(timestamped(PASS_LOG))
        self.assertEqual(tap_lines(events), tap_lines(parse(PASS_LOG)[1]))
        self.assertEqual(parser.problems(), [])
        self.assertEqual(runner.clean_line('[    0.123456]     ok 1 x\r'), '    ok 1 x')

    def test_firmware_after_start_means_reset(self):
        parser, _ = parse(PANIC_LOG.replace('Kernel panic', 'x') + FIRMWARE_JUNK)
        self.assertIn('BdsDxe: starting Boot0001', parser.reset)
        parser, _ = parse(SHORT_SUITE_LOG + 'KTAP version 1\r\n')
        self.assertIn('second top-level KTAP header', parser.reset)

    def test_suite_failing_without_failing_case(self):
        _, events = parse(log('''
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: vmalloc
                1..1
                ok 1 vmalloc_pair
            # vmalloc: suite exit check found a leaked area
            not ok 1 vmalloc
        '''))
        self.assertEqual(tap_lines(events),
                         [(1, 'vmalloc.vmalloc_pair', True, False), (2, 'vmalloc', False, False)])

    def test_old_style_subtest_header(self):
        # Linux 5.x KUnit: no indented version line, "ok 1 - name".
        parser, events = parse(log('''
            TAP version 14
            1..1
                # Subtest: example
                1..2
                ok 1 - example_simple_test
                ok 2 - example_skip_test # SKIP skipped
            ok 1 - example
            ktest: done
        '''))
        self.assertEqual(tap_lines(events), [(1, 'example.example_simple_test', True, False),
                                             (2, 'example.example_skip_test', True, True)])
        self.assertEqual(parser.problems(), [])

    def test_parameterised_case_lines_stay_with_the_case(self):
        parser, events = parse(log('''
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: page_alloc
                1..1
                    KTAP version 1
                    # Subtest: orders
                    not ok 1 order-3
                not ok 1 orders
            not ok 1 page_alloc
            ktest: done pass=0 fail=1 skip=0
        '''))
        self.assertEqual(tap_lines(events), [(1, 'page_alloc.orders', False, False)])
        self.assertIn('not ok 1 order-3', events[0].diagnostics)
        self.assertEqual(parser.problems(), [])


class EndToEndTest(unittest.TestCase):
    """runner.py against fake_qemu.py."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='runner-test-')
        self.dir = self.tmp.name
        self.iso = os.path.join(self.dir, 'test.iso')
        open(self.iso, 'w').close()

    def tearDown(self):
        self.tmp.cleanup()

    def run_runner(self, serial='', extra=(), qemu=None, **fake):
        """Run runner.py; return (exit status, stdout lines)."""
        serial_file = os.path.join(self.dir, 'serial.in')
        with open(serial_file, 'w', newline='') as f:
            f.write(serial)
        env = dict(os.environ, FAKE_QEMU_SERIAL=serial_file,
                   RUNNER_QEMU=qemu or f'{sys.executable} {FAKE_QEMU}')
        for key, value in fake.items():
            env['FAKE_QEMU_' + key.upper()] = str(value)
        cmd = [sys.executable, RUNNER, '--iso', self.iso, '--logdir', self.dir, '--name', 'run',
               '--timeout', '20', '--idle-timeout', '10', *extra]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        lines = done.stdout.splitlines()
        for line in lines:  # nothing Meson could mistake for a result
            self.assertRegex(line, r'^(ok \d|not ok \d|1\.\.\d+$|TAP version 13$|#)')
        return done.returncode, lines

    def results(self, lines):
        return [line for line in lines if re.match(r'(not )?ok ', line)]

    def assert_kind(self, kind, serial='', extra=(), **fake):
        """The runner fails with this kind, and --expect-fail agrees."""
        status, lines = self.run_runner(serial, extra, **fake)
        self.assertEqual(status, 1, lines)
        if kind != 'fail':
            self.assertRegex(self.results(lines)[-1], rf'^not ok \d+ .* # {kind}: ')
        status, lines = self.run_runner(serial, [*extra, '--expect-fail', kind], **fake)
        self.assertEqual(status, 0, lines)
        self.assertEqual(self.results(lines), [f'ok 1 runner detects {kind}'])
        self.assertEqual(lines[-1], '1..1')

    def test_pass(self):
        status, lines = self.run_runner(FIRMWARE_JUNK + timestamped(PASS_LOG), exit=33)
        self.assertEqual(status, 0, lines)
        self.assertEqual(self.results(lines), [
            'ok 1 string.memmove_overlap', 'ok 2 string.strscpy_truncates',
            'ok 3 string.foo # SKIP no hardware', 'ok 4 printk.basic', 'ok 5 printk.fmt'])
        self.assertEqual(lines[0], 'TAP version 13')
        self.assertEqual(lines[-1], '1..5')
        with open(os.path.join(self.dir, 'run.serial.log'), newline='') as f:
            self.assertEqual(f.read(), FIRMWARE_JUNK + timestamped(PASS_LOG))  # raw, untouched

    def test_failing_case(self):
        self.assert_kind('fail', FAIL_LOG, exit=35)
        status, lines = self.run_runner(FAIL_LOG, exit=35)
        i = lines.index('not ok 2 string.strscpy_truncates')
        self.assertEqual(lines[i + 1],
                         '# strscpy_truncates: EXPECTATION FAILED at tests/kernel/test_string.c:40')
        self.assertEqual(lines[-1], '1..3')

    def test_expecting_another_kind_fails(self):
        status, lines = self.run_runner(FAIL_LOG, exit=35, extra=['--expect-fail', 'panic'])
        self.assertEqual(status, 1)
        self.assertEqual(self.results(lines), ['not ok 1 runner detects panic'])
        self.assertIn('# got fail: 1 cases failed', lines)

    def test_expecting_a_failure_from_a_passing_run_fails(self):
        status, lines = self.run_runner(PASS_LOG, exit=33, extra=['--expect-fail', 'fail'])
        self.assertEqual(status, 1)
        self.assertEqual(self.results(lines), ['not ok 1 runner detects fail'])

    def test_exit_status_contradicts_results(self):
        self.assert_kind('fail', PASS_LOG, exit=35)
        status, lines = self.run_runner(PASS_LOG, exit=35)
        self.assertRegex(self.results(lines)[-1], r'^not ok 6 qemu-exit-status # fail: ')
        status, lines = self.run_runner(FAIL_LOG, exit=33)
        self.assertEqual(status, 1)
        self.assertRegex(self.results(lines)[-1], r'^not ok 4 qemu-exit-status # fail: ')

    def test_panic(self):
        self.assert_kind('panic', PANIC_LOG, exit=35)
        status, lines = self.run_runner(PANIC_LOG, exit=35)
        self.assertEqual(self.results(lines)[-1], 'not ok 3 slab (case 2) # panic: '
                         'Kernel panic - not syncing: kernel BUG at mm/slab.c:100')
        self.assertIn("# running: suite 'slab' (#2), case 2 of 3, after \"ok 1 kmalloc_sizes\"", lines)
        self.assertIn('#   | Kernel panic - not syncing: kernel BUG at mm/slab.c:100', lines)
        self.assertEqual(lines[-1], '1..3')

    def test_hang_idle(self):
        start = time.monotonic()
        self.assert_kind('hang', PANIC_LOG.split('Kernel panic')[0], ['--idle-timeout', '1'], hang=1)
        self.assertLess(time.monotonic() - start, 15)

    def test_hang_total_timeout(self):
        status, lines = self.run_runner(PASS_LOG.split('ktest')[0], hang=1,
                                        extra=['--timeout', '1.5'])
        self.assertEqual(status, 1)
        self.assertIn('# hang: total timeout of 1.5 s expired', self.results(lines)[-1])

    def test_triple_fault_logged_by_qemu(self):
        self.assert_kind('triplefault', PANIC_LOG.split('Kernel panic')[0], exit=0,
                         debug='CPU Reset (CPU 0)\nTriple fault\n')

    def test_exit_without_exit_device(self):
        self.assert_kind('triplefault', PANIC_LOG.split('Kernel panic')[0], exit=0)
        status, lines = self.run_runner(PANIC_LOG.split('Kernel panic')[0], exit=0)
        self.assertIn('without an isa-debug-exit code (exit status 0)', self.results(lines)[-1])

    def test_firmware_banner_after_start(self):
        self.assert_kind('triplefault', PANIC_LOG.split('Kernel panic')[0] + FIRMWARE_JUNK, exit=33)

    def test_no_plan(self):
        self.assert_kind('noplan', NO_PLAN_LOG, exit=33)
        self.assert_kind('noplan', SHORT_SUITE_LOG, exit=33)
        self.assert_kind('noplan', PASS_LOG.split('ktest: done')[0], exit=33)

    def test_qemu_missing(self):
        status, lines = self.run_runner(PASS_LOG, qemu='/nonexistent/qemu-system-x86_64')
        self.assertEqual(status, 1)
        self.assertRegex(self.results(lines)[-1], r'^not ok 1 boot # error: cannot start ')
        self.assertEqual(lines[-1], '1..1')

    def test_qemu_rejects_arguments(self):
        status, lines = self.run_runner('', exit=1, stderr="qemu-system-x86_64: -drive x: bad\n")
        self.assertEqual(status, 1)
        self.assertRegex(self.results(lines)[-1], r'# error: QEMU failed \(exit status 1\)')
        self.assertIn('# qemu-system-x86_64: -drive x: bad', lines)

    def test_missing_iso(self):
        os.remove(self.iso)
        status, lines = self.run_runner(PASS_LOG)
        self.assertEqual(status, 1)
        self.assertRegex(self.results(lines)[-1], r'# error: no such ISO')

    def test_qemu_command_line(self):
        argv_file = os.path.join(self.dir, 'argv')
        self.run_runner(PASS_LOG, argv=argv_file,
                        extra=['--machine', 'q35', '--firmware', 'uefi', '--memory', '256M',
                               '--smp', '2', '--cpu', 'max', '--drive', 'if=floppy,file=x.img',
                               '--qemu-arg=-S'])
        with open(argv_file) as f:
            argv = ' '.join(f.read().split())
        for part in ('-accel tcg', '-M q35', '-m 256M', '-smp 2', '-cpu max', f'-cdrom {self.iso}',
                     '-drive if=floppy,file=x.img', '-serial stdio', '-monitor none', '-no-reboot',
                     '-device isa-debug-exit,iobase=0xf4,iosize=0x04', '-d cpu_reset'):
            self.assertIn(part, argv)
        self.assertTrue('-bios ' in argv or 'if=pflash' in argv)
        self.assertTrue(argv.endswith('-S'))


class GraceTest(unittest.TestCase):
    """QEMU must exit soon after the kernel said it is done."""

    def test_no_exit_after_done(self):
        with tempfile.TemporaryDirectory() as tmp:
            serial = os.path.join(tmp, 'in')
            with open(serial, 'w') as f:
                f.write(PASS_LOG)
            os.environ.update(FAKE_QEMU_SERIAL=serial, FAKE_QEMU_HANG='1')
            saved, runner.GRACE_SECONDS = runner.GRACE_SECONDS, 0.5
            try:
                run = runner.QemuRun([sys.executable, FAKE_QEMU], os.path.join(tmp, 'log'), 20, 20)
                parser = runner.KtapParser()
                for line in run.lines():
                    parser.feed(line)
                    if parser.done:
                        run.expect_exit('"ktest: done"')
            finally:
                runner.GRACE_SECONDS = saved
                del os.environ['FAKE_QEMU_SERIAL'], os.environ['FAKE_QEMU_HANG']
            self.assertEqual(run.hang, 'QEMU did not exit within 0.5 s after "ktest: done"')
            self.assertEqual(runner.judge(parser, run, os.path.join(tmp, 'none')).kind, 'hang')


class SummarizeTest(unittest.TestCase):
    """tests/summarize.py on a testlog.json as Meson 1.0.1 writes it."""

    def test_counts(self):
        import io
        import summarize
        entries = [
            {'name': 'mm:kernel / ktest-pc', 'result': 'ERROR', 'returncode': 1,
             'stdout': 'TAP version 13\nok 1 a.b\nnot ok 2 a.c\n# why\nok 3 a.d # SKIP no hw\n1..3\n'},
            {'name': 'mm:kernel / ktest-uefi', 'result': 'TIMEOUT', 'returncode': -15,
             'stdout': 'TAP version 13\nok 1 a.b\n'},
            {'name': 'mm / host-slab', 'result': 'OK', 'returncode': 0, 'stdout': 'ok 1 not TAP\n'},
            {'name': 'mm / host-buddy', 'result': 'FAIL', 'returncode': 1, 'stdout': ''},
            {'name': 'mm / host-fuzz', 'result': 'SKIP', 'returncode': 77, 'stdout': ''},
        ]
        protocols = {'ktest-pc': {'tap'}, 'ktest-uefi': {'tap'}, 'host-slab': {'exitcode'}}
        out = io.StringIO()
        self.assertEqual(summarize.summarize(entries, protocols, out), 3)
        self.assertEqual(out.getvalue().splitlines(), [
            'FAILED: mm:kernel / ktest-pc: a.c',
            'FAILED: mm:kernel / ktest-uefi: TIMEOUT',
            'FAILED: mm / host-buddy: FAIL (exit status 1)',
            '# 2 skipped',
            '3 passed, 3 failed'])


class TapResult(unittest.TestResult):
    """Print one TAP line per test case as it finishes."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def _line(self, test, status, extra=''):
        self.count += 1
        print(f'{status} {self.count} {test.id().split(".", 1)[1]}{extra}', flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(test, 'ok')

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(test, 'ok', f' # SKIP {reason}')

    def _bad(self, test, err):
        self._line(test, 'not ok')
        for text in self._exc_info_to_string(err, test).splitlines():
            print('# ' + text, flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._bad(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._bad(test, err)


def main():
    print('TAP version 13')
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = TapResult()
    suite.run(result)
    print(f'1..{result.count}')
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
