#!/usr/bin/env bash
# Installs what serving the workbook to a class from one machine needs: Debian's JupyterHub, with its
# proxy (configurable-http-proxy, a Debian Node.js package). Then see docs/serving-a-class.md.
#
# Idempotent: installs only what is missing. Needs root (or sudo). Jupyter itself, Node.js and the
# workbook are set up as the README says.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-jupyterhub: run this as root (or install sudo)" >&2; exit 1
  fi
fi

if ! command -v jupyterhub >/dev/null 2>&1 || ! command -v configurable-http-proxy >/dev/null 2>&1; then
  echo "setup-jupyterhub: installing Debian's jupyterhub"
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO} apt-get update -qq
  ${SUDO} apt-get install -y -qq --no-install-recommends jupyterhub >/dev/null
fi

# Debian's proxy finds its modules through Debian's Node.js only; with another one (NodeSource's, as
# the workbook needs Node.js 20.19 or newer) it needs NODE_PATH, which deploy/jupyterhub sets.
if ! NODE_PATH=/usr/share/nodejs configurable-http-proxy --version >/dev/null 2>&1; then
  echo "setup-jupyterhub: configurable-http-proxy does not start with this machine's Node.js:" >&2
  NODE_PATH=/usr/share/nodejs configurable-http-proxy --version >&2 || true
  exit 1
fi
echo "setup-jupyterhub: JupyterHub $(jupyterhub --version) with configurable-http-proxy $(NODE_PATH=/usr/share/nodejs configurable-http-proxy --version)"
