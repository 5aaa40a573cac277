#!/usr/bin/env bash
# Shows that building for this CPU changes speed, not numbers: builds `stepwise` (release) with
# the README's CPU flags (scripts/common.sh's stepwise_cpu_flags, into .build) and without any
# (into .build-noflags), traces the CNN and attention reference specs and the primer's CIFAR CNN
# at the ops level with both binaries, and compares the traces byte for byte. Also counts, in each
# binary's matrix kernel (the functions of Operands) and in the convolutions' sparse backward
# products (SparseRows, and the Convolution functions they are inlined into), calls of the C
# library's fma() and vfmadd instructions. Exit status 1 when any trace differs.
# Usage: Tools/check_cpu_identity.sh   (from anywhere; takes two release builds the first time)
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
mapfile -t cpu_flags < <(stepwise_cpu_flags)
echo "CPU flags: ${cpu_flags[*]:-(none on this machine)}"
swift build -c release --product stepwise ${cpu_flags[@]+"${cpu_flags[@]}"} >&2
swift build -c release --product stepwise --scratch-path .build-noflags >&2
flagged=.build/release/stepwise
plain=.build-noflags/release/stepwise

# Calls of fma() and vfmadd instructions inside the functions whose symbols match $2.
fma_counts() {
  objdump -d --no-show-raw-insn -C "$1" | awk -v symbols="$2" '
    /^[0-9a-f]+ <.*>:$/ { inside = ($0 ~ symbols) }
    inside && /call.*<fma(@plt)?>/ { calls++ }
    inside && /vfmadd/ { fused++ }
    END { printf "%d calls of fma(), %d vfmadd instructions", calls, fused }'
}
echo "matrix kernel with CPU flags:    $(fma_counts "$flagged" Operands)"
echo "matrix kernel without CPU flags: $(fma_counts "$plain" Operands)"
echo "sparse products with CPU flags:    $(fma_counts "$flagged" 'SparseRows|Convolution')"
echo "sparse products without CPU flags: $(fma_counts "$plain" 'SparseRows|Convolution')"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
specs=(Tests/StepwiseEngineTests/Reference/specs/conv-*.json
       Tests/StepwiseEngineTests/Reference/specs/attention-*.json
       lessons/examples/cifar-cnn.yaml)
same=0 different=0
for spec in "${specs[@]}"; do
  name="$(basename "${spec%.*}")"
  "$flagged" trace "$spec" --steps 3 --record ops --out "$scratch/$name.flagged.json"
  "$plain" trace "$spec" --steps 3 --record ops --out "$scratch/$name.plain.json"
  if cmp -s "$scratch/$name.flagged.json" "$scratch/$name.plain.json"; then
    echo "same bytes:      $name ($(wc -c < "$scratch/$name.flagged.json") bytes, 3 steps, ops level)"
    same=$((same + 1))
  else
    echo "DIFFERENT BYTES: $name"
    different=$((different + 1))
  fi
done
echo "$same traces identical, $different different"
[ "$different" -eq 0 ]
