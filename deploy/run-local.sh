#!/usr/bin/env bash
# Runs a campaign the way deploy/campaign-job.yaml runs it on Kubernetes, as N local processes:
# process i gets JOB_COMPLETION_INDEX=i (as pod i does) and the Job's command line, in DIR (as the
# pods work in the shared volume); when all have ended, their shard bundles are merged as
# deploy/merge-job.yaml merges them, into DIR/out/campaign-<seed>-merged.
#
#   deploy/run-local.sh [--dry-run] DIR campaign ARGS...      (ARGS give --shards N, as the Job's do)
#   e.g. deploy/run-local.sh /tmp/c12 campaign --cases 100000 --seed 12 --shards 4
#
# CCR_HIL_JAR: the shaded jar (default cli/target/ccr-hil.jar); JAVA: the java command (default java).
# --dry-run prints each process's command line, one a line, and the merge's, and runs nothing.
# Each process's output goes to DIR/shard-<i>.log. Exit: the merge's (0 no case failed, 1 some case
# failed, 2 the shards cannot be merged), or a shard's own exit code when it is neither 0 nor 1.
set -uo pipefail

usage() {
    echo "usage: $0 [--dry-run] DIR campaign ARGS... (ARGS give --shards N)" >&2
    exit 2
}
dry=0
if [[ ${1:-} == --dry-run ]]; then
    dry=1
    shift
fi
[[ $# -ge 2 && $2 == campaign ]] || usage
dir=$1
shift

shards=""
seed=1
prev=""
for a in "$@"; do
    [[ $prev == --shards ]] && shards=$a
    [[ $prev == --seed ]] && seed=$a
    prev=$a
done
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
    echo "run-local.sh: the campaign's arguments must give --shards N, as the Job's do" >&2
    exit 2
fi
java=${JAVA:-java}
jar=${CCR_HIL_JAR:-cli/target/ccr-hil.jar}
if [[ ! -f $jar ]]; then
    echo "run-local.sh: no jar at $jar (build it: mvn -B -DskipTests -pl cli -am package, or set CCR_HIL_JAR)" >&2
    exit 2
fi
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
merge=(merge-bundles "out/campaign-$seed-merged")
for ((k = 1; k <= shards; k++)); do
    merge+=("out/campaign-$seed-${k}of$shards")
done

if ((dry)); then
    for ((i = 0; i < shards; i++)); do
        echo "JOB_COMPLETION_INDEX=$i $java -jar $jar $*"
    done
    echo "$java -jar $jar ${merge[*]}"
    exit 0
fi

mkdir -p "$dir" || exit 2
cd "$dir" || exit 2
if [[ -e out ]]; then
    echo "run-local.sh: $dir/out exists: give a new or empty folder" >&2
    exit 2
fi
start=$EPOCHREALTIME
pids=()
for ((i = 0; i < shards; i++)); do
    JOB_COMPLETION_INDEX=$i "$java" -jar "$jar" "$@" > "shard-$i.log" 2>&1 &
    pids+=($!)
done
bad=0
for ((i = 0; i < shards; i++)); do
    wait "${pids[$i]}"
    rc=$?
    echo "shard index $i (shard $((i + 1))/$shards): exit $rc ($(tail -n 1 "shard-$i.log"))"
    if ((rc != 0 && rc != 1 && bad == 0)); then
        bad=$rc
    fi
done
ran=$EPOCHREALTIME
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "shards: $shards processes in $(seconds "$start" "$ran") s"
if ((bad != 0)); then
    echo "run-local.sh: a shard did not finish (see $dir/shard-*.log); not merged" >&2
    exit "$bad"
fi
"$java" -jar "$jar" "${merge[@]}"
rc=$?
echo "merge: $(seconds "$ran" "$EPOCHREALTIME") s"
exit $rc
