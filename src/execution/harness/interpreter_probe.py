"""What selfbench needs to know of an interpreter (python-interpreter.ts), one per line: the real executable (not a
pyenv shim or the `py` launcher), its version, the kernel's Landlock ABI as this interpreter sees it (0: none, see
landlock.py, loaded in front of this file), its site-packages as a JSON list (site_packages.py), then its
prefixes: what a private file system must include. Run with -S, as every Python selfbench starts: site.py's start-up
would run each .pth file of the installation (site_packages.py says why that costs), where the probe needs only what
that start-up makes of a venv (its prefix and site-packages), which site.venv() does alone."""
import json
import site
import sys

site.venv(set())

print(sys.executable)
print("%d.%d" % sys.version_info[:2])
print(landlock_abi())
print(json.dumps(site.getsitepackages()))
print("\n".join([sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]))
