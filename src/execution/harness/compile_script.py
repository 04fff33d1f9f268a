"""Prints the bytecode of the script on stdin as a .pyc file holds it, for a pool worker to start from instead of
compiling its script anew (pool/zygote-bytecode.ts): `python -S -c <this> < script > script.pyc`. Compiled as `-c`
compiles, under the same file name. The header's fields after the magic number (PEP 552) are left zero: Python
checks only the magic number of a .pyc it is told to run."""
import importlib.util
import marshal
import sys

code = compile(sys.stdin.buffer.read(), "<string>", "exec", dont_inherit=True)
sys.stdout.buffer.write(importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code))
