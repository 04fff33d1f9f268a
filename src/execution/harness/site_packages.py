def use_site_packages(dirs):
    """Every Python selfbench starts for user code runs with -S: site.py's start-up runs each .pth file in
    site-packages, which may import whole libraries (on this project's test machine one imports an SSL stack,
    tripling the interpreter's start-up). The installation's site-packages, as the interpreter probe found them,
    go on sys.path where site.py puts them (after the standard library, so nothing there shadows it), without
    their .pth files; exit() and quit() are defined as site.py defines them."""
    import site
    import sys

    site.setquit()
    sys.path.extend(path for path in dirs if path not in sys.path)
