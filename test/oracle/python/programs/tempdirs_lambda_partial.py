"""Build tool that creates scratch directories and removes them at exit via lambdas and functools.partial."""
import atexit
import functools
import os
import shutil
import tempfile

build_dir = tempfile.mkdtemp(prefix="build-")
cache_dir = tempfile.mkdtemp(prefix="cache-")


def remove_tree(path, label):
    shutil.rmtree(path, ignore_errors=True)
    print(f"removed {label} dir")


atexit.register(lambda: remove_tree(build_dir, "build"))
atexit.register(functools.partial(remove_tree, cache_dir, "cache"))
atexit.register(functools.partial(print, "scratch space released"))

with open(os.path.join(build_dir, "out.o"), "w") as f:
    f.write("object code")
print("build complete")
