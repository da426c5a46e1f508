#!/usr/bin/env bash
# Gives this machine a running Docker engine, for minicloud's docker engine and its tests.
#
# Idempotent: installs Debian's docker.io only when dockerd is missing, starts dockerd in the
# background only when no engine answers, then waits until one does. Needs root (or sudo).
# No image registry is needed afterwards: `minicloud images build` makes minicloud's images offline.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-docker: run this as root (or install sudo)" >&2; exit 1
  fi
fi

engine_answers() { ${SUDO} docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if engine_answers; then
  echo "setup-docker: a Docker engine already answers ($(${SUDO} docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  echo "setup-docker: installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO} apt-get update -qq
  ${SUDO} apt-get install -y -qq docker.io >/dev/null
fi

LOG="${DOCKERD_LOG:-/var/log/minicloud-dockerd.log}"
echo "setup-docker: starting dockerd in the background (log: ${LOG})"
# overlay2 + bridge networking are what minicloud's port mappings and limits need.
${SUDO} sh -c "nohup dockerd --storage-driver=overlay2 >'${LOG}' 2>&1 &"

for _ in $(seq 1 60); do
  if engine_answers; then
    echo "setup-docker: engine ready ($(${SUDO} docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
echo "setup-docker: dockerd did not answer within 60 s; its log says:" >&2
tail -n 30 "${LOG}" >&2 || true
exit 1
