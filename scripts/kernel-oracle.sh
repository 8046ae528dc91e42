#!/usr/bin/env bash
# Real kernels as the oracle: every scenario of models/gup_cow.pin and of
# kernel/repro/oracle_cases.pin, written as a C reproducer by `pincheck repro`, run on the
# newest Debian Linux 6.1 and 6.12 under QEMU (TCG), and compared with the model's
# prediction for the matching variant (6.1 -> v6_1, 6.12 -> v6_2; the drivers'
# FOLL_FORCE|FOLL_WRITE pin -> driver_workaround and
# models/patches/driver_workaround_on_6_2.pin's workaround_on_6_2).
#
# Installs what it needs with apt (qemu-system-x86, busybox-static, cpio, the kernels and
# their headers; run as root), builds kernel/pintest for each kernel, boots each kernel once
# with every reproducer in its initramfs, prints the scenario × kernel table and writes it
# to docs/kernel-oracle.md (or to the file given as the first argument). Exit status 0 when
# every observed outcome matches the prediction or is explained in models/gup_cow.oracle.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-docs/kernel-oracle.md}
work=.build/kernel-oracle
mkdir -p "$work"
rm -f "$work/boots.txt.new"
export PATH="/opt/swift/usr/bin:$PATH"

# The newest Debian kernel of each series the registry offers (6.1.0-N, 6.12.N+debM), as
# its ABI name; apt's lists are refreshed once when one is missing.
newest() {
  # (grep finds nothing before the first apt-get update: not an error here.)
  apt-cache search --names-only "linux-image-$1" | { grep -oE "linux-image-$1" || true; } | sort -V | tail -1 |
    sed 's/^linux-image-//; s/-unsigned$//'
}
pick_kernels() {
  k61=$(newest '6\.1\.0-[0-9]+-amd64-unsigned')
  k612=$(newest '6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned')
}
pick_kernels
if [ -z "$k61" ] || [ -z "$k612" ]; then
  apt-get update -qq
  pick_kernels
fi
echo "kernels: $k61 $k612" >&2
need=()
for k in "$k61" "$k612"; do
  [ -f "/boot/vmlinuz-$k" ] || need+=("linux-image-$k-unsigned")
  [ -d "/usr/src/linux-headers-$k" ] || need+=("linux-headers-$k")
done
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v gcc >/dev/null || need+=(gcc make)
command -v xz >/dev/null || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  # INITRD=No: the guest boots the reproducers' own initramfs, not the host's.
  INITRD=No DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

[ -x .build/release/pincheck ] || swift build -c release --product pincheck >&2
pincheck=.build/release/pincheck
model=models/gup_cow.pin
driver_patch=models/patches/driver_workaround_on_6_2.pin

# The cases: NAME MODEL SCENARIO VARIANT-ON-6.1 VARIANT-ON-6.12
cases=$work/cases.txt
: >"$cases"
# The scenarios of model file $1, imported ones included.
scenarios() {
  "$pincheck" list "$1" --allow-imports-from models --json |
    python3 -c 'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)["scenarios"]))'
}
for s in $(scenarios "$model"); do
  echo "$s $model $s v6_1 v6_2" >>"$cases"
done
echo "driver_pin_zeropage $driver_patch ro_pin_zeropage driver_workaround workaround_on_6_2" >>"$cases"
# The oracle's own cases (userfaultfd write-protection), each also with the drivers' pin.
extra=kernel/repro/oracle_cases.pin
model_scenarios=" $(scenarios "$model") "
for s in $(scenarios "$extra"); do
  case "$model_scenarios" in *" $s "*) continue ;; esac
  echo "$s $extra $s v6_1 v6_2" >>"$cases"
  echo "driver_$s $extra $s driver_workaround workaround_on_6_2" >>"$cases"
done
# Every counterexample of proofs/obligations.txt in v6_1 or v6_2, as a scenario (check --emit
# scenario) in a file that imports the model, run on both kernels like the others.
counterexamples=$work/counterexamples.pin
printf 'model oracle_counterexamples\nimport "../../%s"\n\n' "$model" >"$counterexamples"
awk '$1 ~ /gup_cow.pin$/ && ($2 == "v6_1" || $2 == "v6_2") && $4 == "violated" { print $2, $3 }' proofs/obligations.txt |
  while read -r variant invariant; do
    "$pincheck" check "$model" --variant "$variant" --invariant "$invariant" --emit scenario --progress 0 \
      >>"$counterexamples" 2>/dev/null || true
    echo "${invariant}_$variant $counterexamples ${invariant}_$variant v6_1 v6_2" >>"$cases"
  done

for pair in "6.1:$k61" "6.12:$k612"; do
  IFS=: read -r era k <<<"$pair"
  dir=$work/$k
  rm -rf "$dir" && mkdir -p "$dir/root/bin" "$dir/root/repro" "$dir/root/proc" "$dir/root/sys" "$dir/root/dev" "$dir/module" "$dir/c"
  cp kernel/pintest/pintest.c kernel/pintest/pintest.h kernel/pintest/Kbuild kernel/pintest/Makefile "$dir/module/"
  make -s -C "$dir/module" KDIR="/usr/src/linux-headers-$k" >"$dir/module.log" 2>&1 || { cat "$dir/module.log" >&2; exit 2; }
  cp "$dir/module/pintest.ko" "$dir/root/"
  cp /bin/busybox "$dir/root/bin/"
  # zram and what it needs, in load order (modules.dep lists a module's dependencies after
  # it, the deepest last), decompressed for busybox's insmod: swap for the swap_out steps.
  mkdir -p "$dir/root/modules"
  zram=$(grep -E '/zram\.ko(\.xz)?:' "/lib/modules/$k/modules.dep")
  n=0
  for m in $(echo "${zram#*:}" | tr ' ' '\n' | tac) "${zram%%:*}"; do
    [ -n "$m" ] || continue
    n=$((n + 1))
    case "$m" in
      *.xz) xz -dc "/lib/modules/$k/$m" >"$dir/root/modules/$n.ko" ;;
      *) cp "/lib/modules/$k/$m" "$dir/root/modules/$n.ko" ;;
    esac
  done
  while read -r name file scenario v61 v612; do
    variant=$v612
    [ "$era" = 6.1 ] && variant=$v61
    "$pincheck" repro "$file" --allow-imports-from models --table models/gup_cow.repro --variant "$variant" --scenario "$scenario" \
      --title "$name" -o "$dir/c/$name.c"
    gcc -Wall -Werror -static -O1 -I kernel/repro -I kernel/pintest -o "$dir/root/repro/$name" "$dir/c/$name.c"
  done <"$cases"
  cat >"$dir/root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "oracle: kernel $(uname -r)"
insmod /pintest.ko || echo "oracle: insmod failed"
for m in $(ls /modules | sort -n); do insmod "/modules/$m" || echo "oracle: insmod $m failed"; done
echo 64M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null && swapon /dev/zram0 || echo "oracle: no swap"
for r in /repro/*; do
  timeout 20 "$r" || echo "$(basename "$r") ERROR (exit status $?)"
done
echo "oracle: done"
poweroff -f
EOF
  chmod +x "$dir/root/init"
  (cd "$dir/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 >../initramfs.cpio.gz)
  echo "booting $k under QEMU (TCG)" >&2
  timeout 600 qemu-system-x86_64 -m 512 -smp 1 -nographic -no-reboot -kernel "/boot/vmlinuz-$k" \
    -initrd "$dir/initramfs.cpio.gz" -append "console=ttyS0 quiet loglevel=3 panic=-1" </dev/null \
    | tr -d '\r' >"$dir/console.log" 2>&1 || true
  grep -q "oracle: done" "$dir/console.log" || { echo "the $k guest did not finish; see $dir/console.log" >&2; exit 2; }
  echo "$era $k $dir/console.log" >>"$work/boots.txt.new"
  echo "$era: $(grep -c ' PASS \| FAIL \| SKIP ' "$dir/console.log") results" >&2
done
mv "$work/boots.txt.new" "$work/boots.txt"

# The model's predictions, each case × kernel: the run's verdict per observed invariant.
: >"$work/predictions.txt"
while read -r name file scenario v61 v612; do
  for v in "$v61" "$v612"; do
    "$pincheck" run "$file" --allow-imports-from models --variant "$v" --scenario "$scenario" --json \
      >"$work/run.json" || true
    python3 - "$work/run.json" "$name" "$v" >>"$work/predictions.txt" <<'EOF'
import json, sys
document = json.load(open(sys.argv[1]))
run = document["run"]
verdicts = {i["name"]: i["verdict"] for i in run["invariants"]}
print(sys.argv[2], sys.argv[3], run["end"]["kind"], json.dumps(verdicts))
EOF
  done
done <"$cases"

python3 scripts/kernel-oracle-table.py "$cases" "$work/boots.txt" "$work/predictions.txt" models/gup_cow.oracle \
  models/gup_cow.repro "$out"
