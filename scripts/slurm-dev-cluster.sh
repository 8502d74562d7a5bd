#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for development and for the tests of the Slurm
# sweep executor. Debian's Slurm 22.05 (slurm-wlm) with munge authentication, run as root.
#
#   scripts/slurm-dev-cluster.sh start    install if missing, configure, start, wait until idle
#   scripts/slurm-dev-cluster.sh stop     stop the daemons this script started
#   scripts/slurm-dev-cluster.sh status   what runs, and what sinfo says (exit 0 only when up)
#
# `start` is idempotent: running it while the cluster is up only re-checks that the node is
# usable. Several callers may run it at once (parallel test files): a lock file serializes them.
#
# Layout: slurm.conf is written to $CLAB_SLURM_DIR (default /tmp/coherence-lab-slurm) together
# with the controller state, the slurmd spool, pid files and logs, and installed as
# /etc/slurm/slurm.conf so plain `sbatch`/`squeue` find it. An existing /etc/slurm/slurm.conf
# that this script did not write is never overwritten: that machine has a real Slurm.
#
# Accounting is off (no slurmdbd): `sacct` does not work here, by design. Finished jobs stay
# visible to `scontrol show job` for MinJobAge seconds (one hour) instead.
set -euo pipefail

STATE_DIR="${CLAB_SLURM_DIR:-/tmp/coherence-lab-slurm}"
SYSTEM_CONF=/etc/slurm/slurm.conf
MARKER='# Written by coherence-lab scripts/slurm-dev-cluster.sh'
START_TIMEOUT_S="${CLAB_SLURM_START_TIMEOUT:-90}"
MUNGE_PIDFILE=/run/munge/munged.pid

log() { printf 'slurm-dev-cluster: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

require_root() {
  [[ "$(id -u)" == 0 ]] || die "must run as root (it installs packages and starts munged, slurmctld and slurmd)"
}

# A pid file names a live process with the expected command name.
pid_alive() {
  local pidfile="$1" name="$2" pid
  [[ -r "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" && -r "/proc/$pid/comm" ]] || return 1
  [[ "$(cat "/proc/$pid/comm")" == "$name" ]] || return 1
  # A killed daemon that nobody has reaped yet is a zombie: not running.
  local state
  state="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

pid_of() { tr -dc '0-9' <"$1"; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null &&
    command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return 0
  fi
  log "installing slurm-wlm and munge with apt-get (first time only; a few minutes)"
  export DEBIAN_FRONTEND=noninteractive
  # Other processes may hold the apt/dpkg locks (unattended upgrades, other installs): wait.
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  "${apt[@]}" update -qq || die "apt-get update failed"
  "${apt[@]}" install -y -qq --no-install-recommends slurm-wlm munge >/dev/null ||
    die "apt-get install slurm-wlm munge failed"
}

ensure_munge_key() {
  local key=/etc/munge/munge.key
  if [[ ! -s "$key" ]]; then
    log "writing a new munge key ($key)"
    install -d -o munge -g munge -m 0700 /etc/munge
    (umask 077 && dd if=/dev/urandom of="$key" bs=1 count=1024 status=none)
  fi
  chown munge:munge "$key"
  chmod 0400 "$key"
}

start_munge() {
  # A working munged (ours or the system's) is all Slurm needs.
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/log/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  runuser -u munge -- /usr/sbin/munged --force 9>&- || die "munged did not start (see /var/log/munge/munged.log)"
  touch "$STATE_DIR/munged.ours"
  for _ in $(seq 1 50); do
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "munged started but does not answer (see /var/log/munge/munged.log)"
}

write_config() {
  # The node line comes from slurmd itself (CPUs, sockets, cores, threads, RealMemory), so the
  # configuration always matches what slurmd detects and the node is never drained for it.
  local node_line node_name
  node_line="$(slurmd -C | head -n 1)"
  [[ "$node_line" == NodeName=* ]] || die "slurmd -C did not describe this node: $node_line"
  node_name="${node_line%% *}"
  node_name="${node_name#NodeName=}"
  mkdir -p "$STATE_DIR/ctld" "$STATE_DIR/spool" "$STATE_DIR/log"
  cat >"$STATE_DIR/slurm.conf.new" <<EOF
$MARKER
# Single-node development cluster; regenerated on every start. State: $STATE_DIR
ClusterName=clab-dev
SlurmctldHost=${node_name}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits cred_expire + 1 seconds before it may start again (default 120 s).
AuthInfo=cred_expire=5
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$STATE_DIR/ctld
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
# No cgroups: processes are tracked through their parent pids; tasks are not pinned.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Look at pending jobs every 2 s (defaults: 60 s / 30 s) so requeued tasks start promptly.
SchedulerParameters=sched_interval=2,bf_interval=2
MpiDefault=none
MailProg=/bin/true
# No slurmdbd: sacct is unavailable; scontrol keeps finished jobs for MinJobAge seconds.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
JobRequeue=1
ReturnToService=2
# scancel/preemption: SIGTERM first, SIGKILL after KillWait seconds (time to checkpoint).
KillWait=30
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
EOF
  # The trailing "UpTime=..." that slurmd -C prints on its second line is not config; the
  # first line carries everything. Install only over our own file (or none).
  if [[ -e "$SYSTEM_CONF" ]] && ! head -n 1 "$SYSTEM_CONF" | grep -qxF "$MARKER"; then
    rm -f "$STATE_DIR/slurm.conf.new"
    die "$SYSTEM_CONF exists and was not written by this script: this machine has a real Slurm configuration; not touching it"
  fi
  mv "$STATE_DIR/slurm.conf.new" "$STATE_DIR/slurm.conf"
  install -d -m 0755 "$(dirname "$SYSTEM_CONF")"
  if ! cmp -s "$STATE_DIR/slurm.conf" "$SYSTEM_CONF"; then
    cp "$STATE_DIR/slurm.conf" "$SYSTEM_CONF.tmp"
    mv "$SYSTEM_CONF.tmp" "$SYSTEM_CONF"
    echo changed
  fi
}

node_state() { sinfo --noheader --node="$1" --format=%T 2>/dev/null | head -n 1 | tr -d ' *'; }

node_name_from_config() { sed -n 's/^NodeName=\([^ ]*\).*/\1/p' "$STATE_DIR/slurm.conf" | head -n 1; }

wait_until_idle() {
  local node="$1" deadline=$((SECONDS + START_TIMEOUT_S)) state="" resumed=0
  while ((SECONDS < deadline)); do
    state="$(node_state "$node" || true)"
    case "$state" in
    idle | mixed | allocated | completing) return 0 ;;
    down* | drain* | drained* | fail*)
      # Left down by an earlier stop or a daemon restart: bring it back once.
      if ((resumed == 0)); then
        scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true
        resumed=1
      fi
      ;;
    esac
    sleep 0.5
  done
  log "node $node not idle after ${START_TIMEOUT_S}s (sinfo state: '${state:-no answer}')"
  tail -n 20 "$STATE_DIR/log/slurmctld.log" "$STATE_DIR/log/slurmd.log" >&2 2>/dev/null || true
  exit 1
}

cmd_start() {
  require_root
  mkdir -p "$STATE_DIR"
  # fd 9 holds the lock; every daemon is started with 9>&- so none inherits it.
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "another start/stop holds $STATE_DIR/.lock"
  local began=$SECONDS config_changed
  install_packages
  ensure_munge_key
  start_munge
  config_changed="$(write_config)"
  local node
  node="$(node_name_from_config)"
  if pid_alive "$STATE_DIR/slurmctld.pid" slurmctld; then
    [[ "$config_changed" == changed ]] && scontrol reconfigure >/dev/null
  else
    # -i: start even if saved state from an older configuration cannot be read.
    slurmctld -i 9>&- || die "slurmctld did not start (see $STATE_DIR/log/slurmctld.log)"
  fi
  if ! pid_alive "$STATE_DIR/slurmd.pid" slurmd; then
    slurmd 9>&- || die "slurmd did not start (see $STATE_DIR/log/slurmd.log)"
  fi
  wait_until_idle "$node"
  log "up: node $node ($(node_state "$node")) after $((SECONDS - began))s; config $SYSTEM_CONF, state $STATE_DIR"
}

stop_daemon() {
  local pidfile="$1" name="$2" pid
  pid_alive "$pidfile" "$name" || return 0
  pid="$(pid_of "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    [[ -d "/proc/$pid" ]] || return 0
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
  require_root
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "another start/stop holds $STATE_DIR/.lock"
  stop_daemon "$STATE_DIR/slurmd.pid" slurmd
  stop_daemon "$STATE_DIR/slurmctld.pid" slurmctld
  # munged only if this script started it (a system munged may serve other software).
  if [[ -e "$STATE_DIR/munged.ours" ]]; then
    stop_daemon "$MUNGE_PIDFILE" munged
    rm -f "$STATE_DIR/munged.ours"
  fi
  log "stopped"
}

cmd_status() {
  local up=0 name pidfile
  for name in slurmctld slurmd; do
    pidfile="$STATE_DIR/$name.pid"
    if pid_alive "$pidfile" "$name"; then
      echo "$name: running (pid $(pid_of "$pidfile"))"
    else
      echo "$name: not running"
      up=1
    fi
  done
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    echo "munged: running"
  else
    echo "munged: not running"
    up=1
  fi
  echo "config: $SYSTEM_CONF; state: $STATE_DIR"
  if ((up == 0)); then
    sinfo --Node --long 2>&1 || up=1
  fi
  return "$up"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
