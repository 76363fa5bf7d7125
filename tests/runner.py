#!/usr/bin/env python3
"""Boot a test ISO in QEMU and turn the kernel's serial KTAP into TAP for Meson.

Contract
--------
The kernel, booted with ``ktest=...``, prints KTAP version 1 on COM1 (one
top-level result per suite, the cases of a suite as a subtest indented by four
spaces, KUnit style), then a line starting ``ktest: done`` and writes 0x10
(all passed; QEMU exits with status 33) or 0x11 (something failed; status 35)
to the isa-debug-exit device at port 0xf4.  Lines may carry a printk timestamp
``[    0.123456] `` and the log may hold ordinary printk lines, firmware and GRUB
output, ANSI escape sequences and carriage returns; all of that is tolerated.

This script prints TAP on stdout for ``meson test`` (protocol ``tap``):

* one line per kernel test case, as soon as the case's result is seen:
  ``ok N suite.case``, ``not ok N suite.case`` or ``ok N suite.case # SKIP why``
  (N counts from 1 over the whole run); a failing case is followed by its
  diagnostic lines;
* at most one more ``not ok N <where> # <kind>: <why>`` line when the run as a
  whole went wrong, followed by the reasons, the test that was running and the
  last lines of the serial log.  Kinds:
    panic        "Kernel panic - not syncing" seen
    triplefault  QEMU exited without an isa-debug-exit code (triple fault,
                 reset, power-off), QEMU logged "Triple fault", or firmware/GRUB
                 (or a second KTAP header) showed up after the kernel started
    hang         the total timeout or the idle timeout (no serial output)
                 expired, or QEMU did not exit after a panic/"ktest: done"
    noplan       no top-level plan, fewer suites or cases than planned, no
                 "ktest: done" line, or its counts disagree with the results
    fail         only when the exit status contradicts the results
    error        QEMU (or mkiso.py) could not be started or rejected its
                 arguments
* the plan ``1..N`` last.
Every other line starts with ``# `` so that Meson ignores it.

Exit status: 0 when the run passed (QEMU status 33, complete plan, no failing
case), 1 otherwise.

``--expect-fail KIND`` (fail, panic, hang, triplefault, noplan) is for
self-tests of this runner: everything above is printed as ``# `` comments and
the single result is ``ok 1 runner detects KIND`` iff the run failed and was
classified as exactly KIND (a run whose only problem is failing cases counts
as "fail"); the exit status is then 0 iff that line is ``ok``.

The raw serial stream is kept in ``<logdir>/<name>.serial.log`` and QEMU's
``-d cpu_reset`` log in ``<logdir>/<name>.qemu.log``.  The environment
variable RUNNER_QEMU overrides the QEMU command (split like a shell would; the
self-tests point it at tests/fake_qemu.py).

Run ``runner.py --help`` for the options.
"""

import argparse
import collections
import dataclasses
import os
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXIT_PASS = 33  # kernel wrote 0x10 to port 0xf4: (0x10 << 1) | 1
EXIT_FAIL = 35  # kernel wrote 0x11
GRACE_SECONDS = 10  # how long QEMU may take to exit after a panic or "ktest: done"
TAIL_LINES = 30

OVMF_COMBINED = '/usr/share/ovmf/OVMF.fd'
OVMF_CODE = '/usr/share/OVMF/OVMF_CODE.fd'
OVMF_VARS = '/usr/share/OVMF/OVMF_VARS.fd'

KINDS = ('fail', 'panic', 'hang', 'triplefault', 'noplan')

# --------------------------------------------------------------------------
# Cleaning serial lines

# CSI sequences (ESC [ ... final byte, including private ones such as the
# ESC [ = 3 h that OVMF sends), OSC strings, charset selection and two-byte
# escapes, then any remaining control character except tab.
_ANSI_RE = re.compile(r'\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_])')
_CONTROL_RE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f]')
_TIMESTAMP_RE = re.compile(r'^\[\s*\d+(?:\.\d+)?\] ?')


def strip_escapes(raw):
    """Return one serial line without escape sequences and control characters."""
    return _CONTROL_RE.sub('', _ANSI_RE.sub('', raw)).rstrip()


def clean_line(raw):
    """Return one serial line as the parser wants it: no escapes, no timestamp.

    Leading spaces are kept: they carry the KTAP nesting level.
    """
    return _TIMESTAMP_RE.sub('', strip_escapes(raw), count=1)


# --------------------------------------------------------------------------
# KTAP parser

_VERSION_RE = re.compile(r'^(?:KTAP|TAP) version \d+$')
_PLAN_RE = re.compile(r'^1\.\.(\d+)\b')
_RESULT_RE = re.compile(r'^(ok|not ok) (\d+)(?: -)?(?: ([^#]*?))?\s*(?:#\s*(.*))?$')
_SUBTEST_RE = re.compile(r'^# Subtest: (.+)$')
_SUMMARY_RE = re.compile(r'^# (?:Totals|[^ ]+): pass:\d+ fail:\d+ skip:\d+ total:\d+')
_DONE_RE = re.compile(r'^ktest: done\b(.*)$')
_COUNT_RE = re.compile(r'\b(pass|fail|skip)=(\d+)')
PANIC_MARK = 'Kernel panic - not syncing'
# Output that only firmware or a boot loader prints: seen after the kernel
# started, it means the machine was reset.
_BOOT_BANNER_RE = re.compile(r'SeaBIOS \(version|Welcome to GRUB|BdsDxe: |Booting `|iPXE ')


@dataclasses.dataclass
class CaseResult:
    """One line of TAP for Meson: a kernel test case (or a whole suite)."""
    number: int  # position in the run, from 1
    name: str  # "suite.case"
    ok: bool
    skip: bool = False
    reason: str = ''  # SKIP reason or other directive text
    diagnostics: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Echo:
    """A diagnostic line seen after a failing case, before the next result."""
    text: str


@dataclasses.dataclass
class _Suite:
    number: int  # position among the top-level results, from 1
    indent: int
    name: str = ''
    plan: int = None
    cases: int = 0  # results seen
    last: str = ''  # the last result line, for "what was running"
    failed: int = 0


class KtapParser:
    """Follow the kernel's KTAP output line by line.

    feed() takes one raw serial line and returns the events it completes
    (CaseResult and Echo objects, in order).  The attributes below and
    problems() tell what the whole log amounted to.
    """

    def __init__(self):
        self.started = False  # top-level KTAP header seen
        self.plan = None  # top-level plan (number of suites)
        self.suites_done = 0
        self.results = []  # every CaseResult handed out
        self.panic = None  # the panic line
        self.reset = None  # why we think the machine restarted
        self.done = None  # the "ktest: done" line
        self.problems_seen = []  # plan problems found while parsing
        self.case_counts = {'pass': 0, 'fail': 0, 'skip': 0}  # over suites' case lines
        self._suite = None  # the suite whose cases are being printed
        self._last_suite = ''  # name of the last suite that finished
        self._pending = []  # '#' lines since the last case result
        self._echo = False  # last case failed: stream its trailing '#' lines

    # -- feeding ------------------------------------------------------------

    def feed(self, raw):
        line = clean_line(raw)
        text = line.lstrip(' ')
        indent = len(line) - len(text)
        if PANIC_MARK in line and self.panic is None:
            self.panic = text
        if not text:
            return []
        if self.started and self.reset is None and _BOOT_BANNER_RE.search(text):
            self.reset = f'boot loader/firmware output after the kernel started: "{text}"'
        if not self.started:
            # Firmware leftovers may precede the header on the same line.
            if indent == 0 and re.search(r'(?:KTAP|TAP) version \d+$', text):
                self.started = True
            return []
        if indent == 0:
            return self._feed_top(text)
        return self._feed_nested(indent, text)

    def _feed_top(self, text):
        if _VERSION_RE.match(text):
            if self.reset is None:
                self.reset = 'a second top-level KTAP header: the kernel started again'
            return []
        m = _PLAN_RE.match(text)
        if m and self.plan is None and self.suites_done == 0:
            self.plan = int(m.group(1))
            return []
        m = _RESULT_RE.match(text)
        if m:
            return self._suite_result(m)
        m = _DONE_RE.match(text)
        if m:
            self.done = text
            self._check_done_counts(m.group(1))
            return []
        if text.startswith('#') and self._suite is not None:
            return self._diagnostic(text)
        return []  # an ordinary kernel log line

    def _feed_nested(self, indent, text):
        suite = self._suite
        subtest = _SUBTEST_RE.match(text)
        if self._opens_suite(indent, text, subtest):
            if suite is not None:
                self._close_suite(None)
            suite = self._suite = _Suite(number=self.suites_done + 1, indent=indent)
            self._pending, self._echo = [], False
        if suite is None:
            return []
        if indent == suite.indent:
            if _VERSION_RE.match(text) and suite.plan is None and not suite.cases:
                return []
            if subtest and not suite.name:
                suite.name = subtest.group(1).strip()
                return []
            m = _PLAN_RE.match(text)
            if m and suite.plan is None and suite.cases == 0:
                suite.plan = int(m.group(1))
                return []
            m = _RESULT_RE.match(text)
            if m:
                return self._case_result(suite, m)
        if text.startswith('#') or indent > suite.indent:
            # Diagnostics, and parameterised sub-subtests, belong to the case.
            return self._diagnostic(text)
        return []

    def _opens_suite(self, indent, text, subtest):
        """Does this line start a new suite's subtest block?

        KUnit starts one with an indented "KTAP version 1" then "# Subtest:";
        older kernels print only "# Subtest:".  Deeper lines belong to the
        current suite (parameterised cases).
        """
        suite = self._suite
        if not (_VERSION_RE.match(text) or subtest):
            return False
        if suite is None or indent < suite.indent:
            return True
        if indent > suite.indent:
            return False
        if subtest:
            return bool(suite.name)
        return suite.name != '' or suite.plan is not None or suite.cases > 0

    def _diagnostic(self, text):
        if _SUMMARY_RE.match(text):
            return []
        if text.startswith('#'):
            text = text[1:].strip()
        if self._echo:
            return [Echo(text)]
        self._pending.append(text)
        return []

    # -- results --------------------------------------------------------------

    def _add(self, name, ok, directive, diagnostics):
        skip = (directive or '').upper().startswith('SKIP')
        reason = directive[4:].strip() if skip else (directive or '')
        result = CaseResult(len(self.results) + 1, name, ok or skip, skip, reason, diagnostics)
        self.results.append(result)
        return result

    def _case_result(self, suite, m):
        ok, number, name, directive = m.group(1) == 'ok', int(m.group(2)), m.group(3), m.group(4)
        suite.cases += 1
        suite.last = m.group(0)
        if number != suite.cases:
            self.problems_seen.append(f'suite {self._suite_label(suite)}: case numbered {number} '
                                      f'where {suite.cases} was expected')
        result = self._add(f'{suite.name or f"suite{suite.number}"}.{name or number}', ok,
                           directive, self._pending if not ok else [])
        self._pending = []
        self._echo = not result.ok
        suite.failed += not result.ok
        self.case_counts['skip' if result.skip else 'pass' if result.ok else 'fail'] += 1
        return [result]

    def _suite_result(self, m):
        ok, name, directive = m.group(1) == 'ok', m.group(3) or f'suite{m.group(2)}', m.group(4)
        suite = self._suite
        self.suites_done += 1
        if suite is None:  # a top-level test without cases of its own
            self._last_suite = name
            return [self._add(name, ok, directive, [])]
        if not suite.name:
            suite.name = name
        events = []
        if suite.cases == 0 or (not ok and suite.failed == 0):
            # Nothing else would show this suite's verdict.
            diagnostics = self._pending + ([] if ok else ['the suite failed without a failing case'])
            events.append(self._add(suite.name, ok, directive, diagnostics))
        self._close_suite(ok)
        return events

    def _close_suite(self, ok):
        suite = self._suite
        if ok is None:
            self.problems_seen.append(f'suite {self._suite_label(suite)} ended without a result line')
        if suite.plan is None:
            self.problems_seen.append(f'suite {self._suite_label(suite)} printed no plan')
        elif suite.cases < suite.plan:
            self.problems_seen.append(f'suite {self._suite_label(suite)} planned {suite.plan} cases '
                                      f'but reported {suite.cases}')
        self._last_suite = suite.name or f'suite{suite.number}'
        self._suite, self._pending, self._echo = None, [], False

    def _check_done_counts(self, rest):
        counts = {k: int(v) for k, v in _COUNT_RE.findall(rest)}
        seen = self.case_counts
        wrong = [f'{k}={v} (parsed {seen[k]})' for k, v in counts.items() if seen[k] != v]
        if wrong:
            self.problems_seen.append('"ktest: done" counts disagree with the results: ' + ', '.join(wrong))

    # -- questions ------------------------------------------------------------

    @staticmethod
    def _suite_label(suite):
        return f"'{suite.name}' (#{suite.number})" if suite.name else f'#{suite.number}'

    def failures(self):
        return [r for r in self.results if not r.ok]

    def running(self):
        """Return (short name, sentence) for whatever the kernel was doing last."""
        suite = self._suite
        if not self.started:
            return 'boot', 'the kernel had not printed its KTAP header yet (boot, or the firmware/GRUB)'
        if suite is None:
            total = f' of {self.plan}' if self.plan is not None else ''
            after = f"after suite '{self._last_suite}'" if self._last_suite else 'before the first suite'
            return (f'kernel ({after})',
                    f'between suites, {after}: {self.suites_done}{total} suites finished')
        name = suite.name or f'suite{suite.number}'
        after = f'after "{suite.last.strip()}"' if suite.last else 'before its first case'
        plan = f' of {suite.plan}' if suite.plan is not None else ''
        return (f'{name} (case {suite.cases + 1})',
                f'suite {self._suite_label(suite)}, case {suite.cases + 1}{plan}, {after}')

    def problems(self):
        """Return what is missing or inconsistent in the KTAP seen so far."""
        problems = list(self.problems_seen)
        if not self.started:
            problems.append('no KTAP header ("KTAP version 1") in the serial log')
        elif self.plan is None:
            problems.append('no top-level KTAP plan (1..N)')
        if self._suite is not None:
            suite = self._suite
            plan = f' of {suite.plan}' if suite.plan is not None else ''
            problems.append(f'suite {self._suite_label(suite)} did not finish: '
                            f'{suite.cases}{plan} cases reported')
        if self.plan is not None and self.suites_done < self.plan:
            problems.append(f'planned {self.plan} suites but {self.suites_done} reported')
        if self.done is None:
            problems.append('no "ktest: done" line')
        return problems


# --------------------------------------------------------------------------
# Running QEMU


class QemuStartError(Exception):
    pass


class QemuRun:
    """One QEMU process: serial output streamed from its stdout, with deadlines.

    lines() yields raw serial lines as they arrive (the raw bytes also go to
    the serial log) and ends when QEMU exits or a deadline passes; then
    returncode, stderr and hang (None, or why QEMU was killed) are set.
    """

    def __init__(self, cmd, serial_log, timeout, idle_timeout):
        self.cmd = cmd
        self.serial_log = serial_log
        self.timeout = timeout
        self.idle_timeout = idle_timeout
        self.returncode = None
        self.stderr = ''
        self.hang = None
        self._proc = None
        self._grace = None  # (deadline, why) once QEMU is expected to exit

    def expect_exit(self, why):
        """The kernel is finished (panic, or done): QEMU should exit soon."""
        if self._grace is None:
            self._grace = (time.monotonic() + GRACE_SECONDS, why)

    def lines(self):
        try:
            self._proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            raise QemuStartError(f'cannot start {self.cmd[0]}: {e.strerror}') from e
        try:
            with open(self.serial_log, 'wb') as log:
                yield from self._stream(log)
            if self.hang is None:  # QEMU closed its output: it is exiting
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            self.kill()
        self.returncode = self._proc.returncode

    def _stream(self, log):
        start = last_output = time.monotonic()
        sel = selectors.DefaultSelector()
        sel.register(self._proc.stdout, selectors.EVENT_READ, 'serial')
        sel.register(self._proc.stderr, selectors.EVENT_READ, 'stderr')
        partial, stderr = b'', b''
        while sel.get_map():
            now = time.monotonic()
            deadlines = [(start + self.timeout, f'total timeout of {self.timeout:g} s expired'),
                         (last_output + self.idle_timeout,
                          f'no serial output for {self.idle_timeout:g} s (idle timeout)')]
            if self._grace is not None:
                deadlines.append((self._grace[0], f'QEMU did not exit within {GRACE_SECONDS} s '
                                                  f'after {self._grace[1]}'))
            deadline, why = min(deadlines)
            if now >= deadline:
                self.hang = why
                break
            for key, _ in sel.select(deadline - now):
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                elif key.data == 'stderr':
                    stderr += data
                else:
                    log.write(data)
                    log.flush()
                    last_output = time.monotonic()
                    *complete, partial = (partial + data).split(b'\n')
                    for line in complete:
                        yield line.decode('utf-8', 'replace')
        sel.close()
        if partial:
            yield partial.decode('utf-8', 'replace')
        self.stderr = stderr.decode('utf-8', 'replace')

    def kill(self):
        """Stop QEMU (its whole process group) if it still runs, and reap it."""
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=3)
                return
            except subprocess.TimeoutExpired:
                continue


def qemu_command(args, iso, qemu_log):
    cmd = shlex.split(os.environ.get('RUNNER_QEMU', 'qemu-system-x86_64'))
    cmd += ['-accel', 'tcg', '-M', args.machine, '-m', args.memory, '-smp', str(args.smp),
            '-cpu', args.cpu]
    if args.firmware == 'uefi':
        if os.path.exists(OVMF_COMBINED):
            # Code and variables in one read-only image: nothing to copy and
            # no variables left over from an earlier run or machine type.
            cmd += ['-bios', OVMF_COMBINED]
        else:
            vars_copy = os.path.join(args.logdir, f'{args.name}.OVMF_VARS.fd')
            shutil.copyfile(OVMF_VARS, vars_copy)  # fresh every run
            cmd += ['-drive', f'if=pflash,format=raw,readonly=on,file={OVMF_CODE}',
                    '-drive', f'if=pflash,format=raw,file={vars_copy}']
    cmd += ['-cdrom', iso, '-boot', 'd']
    for drive in args.drive:
        cmd += ['-drive', drive]
    cmd += ['-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
            '-d', 'cpu_reset', '-D', qemu_log]
    return cmd + args.qemu_arg


def build_iso(args):
    """Build <logdir>/<name>.iso booting --kernel with --cmdline; return its path."""
    iso = os.path.join(args.logdir, f'{args.name}.iso')
    cmd = [sys.executable, os.path.join(REPO, 'tools', 'mkiso.py'), '--kernel', args.kernel,
           '--output', iso, '--cmdline', args.cmdline, '--timeout', '0']
    for module in args.module:
        cmd += ['--module', module]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    except OSError as e:
        raise QemuStartError(f'cannot run mkiso.py: {e.strerror}') from e
    if done.returncode != 0:
        raise QemuStartError(f'mkiso.py failed (status {done.returncode}):\n'
                             + (done.stderr + done.stdout).strip())
    return iso


# --------------------------------------------------------------------------
# Verdict and output


@dataclasses.dataclass
class Verdict:
    kind: str  # 'pass', 'fail', or one of the run-level kinds in the docstring
    why: str = ''  # one line
    details: list = dataclasses.field(default_factory=list)
    # False when the failing cases' own 'not ok' lines already say it all.
    needs_line: bool = True


def judge(parser, run, qemu_log):
    """Classify a finished run; the order below is the priority of the kinds."""
    problems = parser.problems()
    status = run.returncode
    triple = False
    if os.path.exists(qemu_log):
        with open(qemu_log, errors='replace') as f:
            triple = 'Triple fault' in f.read()
    stderr = [line for line in run.stderr.splitlines() if line.strip()]
    if run.hang is None and status not in (0, EXIT_PASS, EXIT_FAIL) and not parser.started \
            and stderr and not triple:
        return Verdict('error', f'QEMU failed (exit status {status})', stderr[-10:])
    if parser.panic:
        return Verdict('panic', parser.panic, problems)
    if triple:
        return Verdict('triplefault', 'QEMU logged a triple fault', problems)
    if parser.reset:
        return Verdict('triplefault', f'machine reset: {parser.reset}', problems)
    if run.hang is None and status not in (EXIT_PASS, EXIT_FAIL):
        how = f'killed by signal {-status}' if status < 0 else f'exit status {status}'
        return Verdict('triplefault', f'QEMU exited without an isa-debug-exit code ({how}): '
                                      'triple fault, reset or power-off', problems + stderr[-5:])
    if run.hang:
        return Verdict('hang', run.hang, problems)
    if problems:
        return Verdict('noplan', problems[0], problems[1:])
    failures = parser.failures()
    if status == EXIT_PASS and failures:
        return Verdict('fail', f'kernel exited with status {EXIT_PASS} (all passed) but '
                               f'{len(failures)} cases failed')
    if status == EXIT_FAIL and not failures:
        return Verdict('fail', f'kernel exited with status {EXIT_FAIL} (failure) but every case passed')
    if failures:
        return Verdict('fail', f'{len(failures)} cases failed', needs_line=False)
    return Verdict('pass', needs_line=False)


class TapWriter:
    """Print TAP; in comment mode every line is a '# ' comment instead."""

    def __init__(self, comments_only=False):
        self.prefix = '# ' if comments_only else ''

    def line(self, text):
        print(self.prefix + text, flush=True)

    def diag(self, text):
        print('# ' + text if text else '#', flush=True)

    def result(self, ok, number, name, directive=''):
        status = 'ok' if ok else 'not ok'
        self.line(f'{status} {number} {name}' + (f' # {directive}' if directive else ''))

    def case(self, r):
        directive = f'SKIP {r.reason}'.strip() if r.skip else r.reason
        self.result(r.ok, r.number, r.name, directive)
        for text in r.diagnostics:
            self.diag(text)


def report_run_failure(tap, verdict, parser, run, tail, serial_log):
    """The one extra 'not ok' for a run that went wrong as a whole."""
    where, sentence = parser.running()
    if verdict.kind == 'noplan':
        where = 'ktap-plan'
    elif verdict.kind == 'fail':
        where = 'qemu-exit-status'
    tap.result(False, len(parser.results) + 1, where, f'{verdict.kind}: {verdict.why}')
    for text in verdict.details:
        tap.diag(text)
    tap.diag(f'running: {sentence}')
    if run is not None and run.hang is None:
        tap.diag(f'QEMU exit status: {run.returncode}')
    tap.diag(f'last {len(tail)} lines of the serial log ({serial_log}):')
    for text in tail:
        tap.diag('  | ' + text)


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description='Boot a test ISO in QEMU and print TAP.')
    p.add_argument('--iso', help='ISO to boot')
    p.add_argument('--kernel', help='ELF to boot through a temporary ISO (tools/mkiso.py)')
    p.add_argument('--cmdline', default='', help='kernel command line for --kernel')
    p.add_argument('--module', action='append', default=[], metavar='PATH[=NAME]',
                   help='loadable module for the --kernel ISO (mkiso.py --module; repeatable)')
    p.add_argument('--machine', choices=('pc', 'q35'), default='pc')
    p.add_argument('--firmware', choices=('bios', 'uefi'), default='bios')
    p.add_argument('--memory', default='128M')
    p.add_argument('--smp', type=int, default=1)
    p.add_argument('--cpu', default='qemu64')
    p.add_argument('--drive', action='append', default=[], help='extra -drive ARG (repeatable)')
    p.add_argument('--qemu-arg', action='append', default=[],
                   help='raw extra QEMU argument (repeatable; write --qemu-arg=-S for dashed ones)')
    p.add_argument('--timeout', type=float, default=120, help='total wall time, seconds')
    p.add_argument('--idle-timeout', type=float, default=60, help='longest silence on the serial line')
    p.add_argument('--logdir', default='.')
    p.add_argument('--name', help='log file stem (default: the ISO or kernel file name)')
    p.add_argument('--expect-fail', choices=KINDS, help='self-test: pass iff the run fails this way')
    args = p.parse_args(argv)
    if bool(args.iso) == bool(args.kernel):
        p.error('give exactly one of --iso and --kernel')
    if args.name is None:
        args.name = os.path.splitext(os.path.basename(args.iso or args.kernel))[0]
    return args


def _mebibytes(size):
    """QEMU's -m syntax (a number of MiB, or with an M/G suffix) in MiB."""
    m = re.fullmatch(r'(\d+(?:\.\d+)?)([MmGg]?)[Bb]?', size)
    if not m:
        return float('inf')  # let QEMU judge it
    return float(m.group(1)) * (1024 if m.group(2) in 'Gg' and m.group(2) else 1)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt(f'signal {signum}')


def run(args, tap):
    """Boot, stream and judge; print the TAP lines.  Return the Verdict."""
    os.makedirs(args.logdir, exist_ok=True)
    serial_log = os.path.join(args.logdir, f'{args.name}.serial.log')
    qemu_log = os.path.join(args.logdir, f'{args.name}.qemu.log')
    parser = KtapParser()
    tail = collections.deque(maxlen=TAIL_LINES)
    qemu = None
    try:
        if args.iso and not os.path.isfile(args.iso):
            raise QemuStartError(f'no such ISO: {args.iso}')
        iso = args.iso or build_iso(args)
        if os.path.exists(qemu_log):
            os.remove(qemu_log)
        cmd = qemu_command(args, iso, qemu_log)
        tap.diag('qemu: ' + shlex.join(cmd))
        if args.firmware == 'uefi' and _mebibytes(args.memory) < 56:
            tap.diag('warning: OVMF needs at least 56 MiB of RAM; it sits silent with less')
        qemu = QemuRun(cmd, serial_log, args.timeout, args.idle_timeout)
        for raw in qemu.lines():
            line = strip_escapes(raw)
            if line.strip():
                tail.append(line)
            for event in parser.feed(raw):
                if isinstance(event, Echo):
                    tap.diag(event.text)
                else:
                    tap.case(event)
            if parser.panic:
                qemu.expect_exit('the panic')
            elif parser.done:
                qemu.expect_exit('"ktest: done"')
    except QemuStartError as e:
        verdict = Verdict('error', str(e).splitlines()[0], str(e).splitlines()[1:])
        report_run_failure(tap, verdict, parser, None, tail, serial_log)
        tap.line(f'1..{len(parser.results) + 1}')
        return verdict
    finally:
        if qemu is not None:
            qemu.kill()  # also when interrupted by a signal
    verdict = judge(parser, qemu, qemu_log)
    count = len(parser.results)
    if verdict.needs_line:
        report_run_failure(tap, verdict, parser, qemu, tail, serial_log)
        count += 1
    tap.line(f'1..{count}')
    return verdict


def main(argv=None):
    args = parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_interrupt)  # so that QemuRun.kill() runs
    tap = TapWriter(comments_only=args.expect_fail is not None)
    print('TAP version 13', flush=True)
    try:
        verdict = run(args, tap)
    except KeyboardInterrupt as e:
        tap.diag(f'interrupted ({e or "SIGINT"}); QEMU stopped')
        return 1
    if args.expect_fail is None:
        return 0 if verdict.kind == 'pass' else 1
    label = f'runner detects {args.expect_fail}'
    detected = verdict.kind == args.expect_fail
    reason = '' if detected else f'got {verdict.kind}' + (f': {verdict.why}' if verdict.why else '')
    print(f'ok 1 {label}' if detected else f'not ok 1 {label}', flush=True)
    if reason:
        print(f'# {reason}', flush=True)
    print('1..1', flush=True)
    return 0 if detected else 1


if __name__ == '__main__':
    sys.exit(main())
