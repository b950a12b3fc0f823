#!/usr/bin/env python3
"""Ahead-of-time check of every integration program, on the CPU or a GPU.

  aot-check.py prepare --build BUILD --target cpu|cuda --out DIR [--cpu CPU]
      [--pipeline-options OPTIONS] [--programs DIR_OR_FILE] [--runner DIR]
      [--time N] [--rtol R]

reads the positive `scan-run %s ...` invocations of the programs
(test/Integration/**/*.mlir unless --programs names others),
computes each one's results with scan-run (the CPU JIT: the reference), and
compiles each program with `scan-compile --target TARGET` into a shared
library. It writes DIR/run.sh, which runs every case through scan-exec (no
LLVM, no MLIR) against those results and prints a pass/fail table: on this
machine for --target cpu, or, carried with DIR, on a GPU machine for
--target cuda (DIR holds scan-exec and the shared libraries it needs).
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Libraries every Linux machine has; the others travel in DIR/lib.
SYSTEM_LIBRARIES = ("libc.so", "libm.so", "libstdc++.so", "libgcc_s.so",
                    "ld-linux", "linux-vdso", "libdl.so", "libpthread.so",
                    "librt.so")


def invocations(path):
    """The scan-run argument lists of the file's positive RUN lines."""
    lines, current = [], ""
    for line in open(path):
        match = re.match(r"\s*//\s*RUN:(.*)$", line)
        if not match:
            if current:
                lines.append(current)
                current = ""
            continue
        text = match.group(1).rstrip()
        if text.endswith("\\"):
            current += text[:-1] + " "
        else:
            lines.append(current + text)
            current = ""
    for command in lines:
        command = command.split("|")[0].strip()
        if not command.startswith("scan-run %s") or "%t" in command or "%S" in command:
            continue
        words = shlex.split(command)[2:]
        if "--dump-stages" in words:
            continue
        if "--time" in words:
            index = words.index("--time")
            del words[index:index + 2]
        yield words


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def prepare(args):
    build = os.path.abspath(args.build)
    out = os.path.abspath(args.out)
    runner = os.path.abspath(args.runner or args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    os.makedirs(os.path.join(runner, "lib"), exist_ok=True)
    programs_root = os.path.abspath(args.programs or os.path.join(ROOT, "test", "Integration"))
    if os.path.isfile(programs_root):
        walk = [(os.path.dirname(programs_root), [], [os.path.basename(programs_root)])]
        programs_root = os.path.dirname(programs_root)
    else:
        walk = sorted(os.walk(programs_root))
    bin_dir = os.path.join(build, "bin")
    compiler = os.environ.get("CC", "cc")
    cases, failures = [], 0
    for directory, _, files in walk:
        for name in sorted(files):
            if not name.endswith(".mlir"):
                continue
            path = os.path.join(directory, name)
            program = os.path.relpath(path, programs_root)
            found = list(invocations(path))
            if not found:
                continue
            stem = re.sub(r"[^A-Za-z0-9]", "_", program)
            library = os.path.join(out, stem + ".so")
            header = os.path.join(out, stem + ".h")
            try:
                run([os.path.join(bin_dir, "scan-compile"), path, "-o",
                     os.path.join(out, stem + ".o"), "--header", header,
                     "--target", args.target, "--cpu", args.cpu,
                     "--pipeline-options", args.pipeline_options])
                run([compiler, "-shared", os.path.join(out, stem + ".o"), "-o", library])
            except subprocess.CalledProcessError as error:
                print(f"{program}: cannot compile ahead of time: {error.stderr.strip()}")
                failures += 1
                continue
            functions = re.findall(r"_mlir_ciface_(\w+)\(", open(header).read())
            for index, words in enumerate(found):
                function = None
                rest = []
                i = 0
                while i < len(words):
                    if words[i] in ("-f", "--function"):
                        function = words[i + 1]
                        i += 2
                        continue
                    if words[i].startswith("--function="):
                        function = words[i].split("=", 1)[1]
                    elif words[i] == "--arg":
                        rest += ["--arg", words[i + 1]]
                        i += 2
                        continue
                    elif words[i].startswith("--arg="):
                        rest += ["--arg", words[i][6:]]
                    i += 1
                if function is None:
                    if len(functions) != 1:
                        continue
                    function = functions[0]
                expected = os.path.join(out, "expected", f"{stem}.{index}")
                try:
                    run([os.path.join(bin_dir, "scan-run"), path, "-f", function,
                         "--out-npy", expected] + rest)
                except subprocess.CalledProcessError:
                    continue  # an error case of the CPU too
                cases.append((f"{program}#{index} @{function}", stem + ".so", function, rest,
                              os.path.relpath(expected, out)))
    for name in os.listdir(out):
        if name.endswith((".o", ".h")):
            os.remove(os.path.join(out, name))
    shutil.copy(os.path.join(bin_dir, "scan-exec"), os.path.join(runner, "scan-exec"))
    subprocess.run(["strip", "--strip-debug", os.path.join(runner, "scan-exec")], check=False)
    for line in run(["ldd", os.path.join(runner, "scan-exec")]).stdout.splitlines():
        match = re.match(r"\s*(\S+) => (/\S+)", line)
        if match and not match.group(1).startswith(SYSTEM_LIBRARIES):
            shutil.copy(match.group(2), os.path.join(runner, "lib", match.group(1)))
    runner_path = os.path.relpath(runner, out)
    with open(os.path.join(out, "run.sh"), "w") as script:
        script.write("#!/usr/bin/env bash\n"
                     "# Generated by scripts/aot-check.py: runs every case, prints a table.\n"
                     "cd \"$(dirname \"$0\")\"\n"
                     f"runner={shlex.quote(runner_path)}\n"
                     "export LD_LIBRARY_PATH=\"$PWD/$runner/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\"\n"
                     "pass=0; fail=0\n"
                     "check() {\n"
                     "  local name=$1; shift\n"
                     "  if output=$(\"$runner/scan-exec\" \"$@\" 2>&1); then pass=$((pass+1)); printf 'PASS  %s  %s\\n' \"$name\" \"$(echo \"$output\" | grep '^time:')\";\n"
                     "  else fail=$((fail+1)); printf 'FAIL  %s\\n' \"$name\"; echo \"$output\" | tail -3 | sed 's/^/      /'; fi\n"
                     "}\n")
        for name, library, function, rest, expected in cases:
            timing = ["--time", str(args.time)] if args.time else []
            script.write("check " + " ".join(shlex.quote(word) for word in
                         [name, "./" + library, "-f", function] + rest +
                         ["--expect-npy", expected, "--rtol", str(args.rtol),
                          "--atol", str(args.rtol / 10)] + timing) + "\n")
        script.write(f"echo \"aot-check ({args.target}): $pass passed, $fail failed of {len(cases)}\"\n"
                     "[ $fail -eq 0 ]\n")
    os.chmod(os.path.join(out, "run.sh"), 0o755)
    print(f"aot-check: {len(cases)} cases prepared in {out} ({failures} programs failed to compile)")
    return 1 if failures or not cases else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--build", required=True)
    p.add_argument("--target", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--cpu", default="x86-64-v3")
    p.add_argument("--out", required=True)
    p.add_argument("--pipeline-options", default="")
    p.add_argument("--programs", help="a directory or .mlir file (default: test/Integration)")
    p.add_argument("--runner", help="where scan-exec and its libraries go (default: --out)")
    p.add_argument("--time", type=int, default=0, help="also time each case over N calls")
    p.add_argument("--rtol", type=float, default=1e-5)
    args = parser.parse_args()
    return prepare(args)


if __name__ == "__main__":
    sys.exit(main())
