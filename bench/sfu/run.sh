#!/usr/bin/env bash
# The SFU forwarding benchmark in one command (docs/bench/sfu.md): builds parley-sfu-bench in its
# own build dir, runs the plain forwarder then SfuService over loopback (bounded: at most 5 minutes),
# and writes bench/results/sfu-<date>.{json,md} and docs/bench/sfu-consumers.png.
# Extra arguments go to parley-sfu-bench (e.g. --steps 50,100 --duration 2 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${PARLEY_SFU_BENCH_BUILD:-build/sfubench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_BENCH=ON >/dev/null
cmake --build "$build" --target parley-sfu-bench -j2

day=$(date -u +%Y-%m-%d)
mkdir -p bench/results docs/bench
data=$(mktemp /tmp/sfu-bench.XXXXXX.dat)
trap 'rm -f "$data"' EXIT
# Higher priority where allowed: the machine is shared, and scheduling delay shows up as loss.
nice_cmd=()
if nice -n -10 true 2>/dev/null; then nice_cmd=(nice -n -10); fi
timeout 300 "${nice_cmd[@]}" "$build/parley-sfu-bench" --budget 240 \
  --out "bench/results/sfu-$day.json" --markdown "bench/results/sfu-$day.md" --plot-data "$data" "$@"
if command -v gnuplot >/dev/null; then
  gnuplot -e "data='$data'; out='docs/bench/sfu-consumers.png'" bench/sfu/plot.gp
  echo "plot: docs/bench/sfu-consumers.png"
fi
echo "results: bench/results/sfu-$day.json bench/results/sfu-$day.md"
