#!/usr/bin/env bash
# The tests, as one command on a fresh Debian machine with only the .NET SDK: installs the Debian packages the
# tests start as real servers when they are missing (as root, or through sudo), then runs `dotnet test` with
# this script's arguments (for example `./test.sh --filter "FullyQualifiedName~Robots"`). .ci/run calls it.
set -uo pipefail
cd "$(dirname "$0")"

# What the tests need from Debian, one package a line: Debian's httpbin is a real server nobody here wrote.
packages=(
  python3-httpbin
  systemd
  chromium
  redis-server
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "test.sh: the tests need ${missing[*]}: run sudo apt-get install -y ${missing[*]}, then ./test.sh again." >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq || exit 1
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
exec dotnet test "$@"
