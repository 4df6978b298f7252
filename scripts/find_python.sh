#!/usr/bin/env bash
# Prints the path of the first Python 3.12+ on this machine (Django 6.1 needs 3.12).
# Debian 12 ships 3.11, so pyenv's installed versions are looked at too.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for candidate in python3.13 python3.12 python3; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; exit 0; fi
done
for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -x "$path" ] && ok "$path" && { echo "$path"; exit 0; }
done
exit 1
