#!/bin/bash
# Look for secrets in a live process: gcore-check.sh PID CANARY...
#
# Takes a core image of PID with gcore and searches it for each canary as
# raw bytes, lowercase hex, and base64/base64url at each of the three
# alignments. The alignments also find a canary inside a longer encoded
# value, such as base64("username:" CANARY) in a Docker config "auth" field
# or a Basic Authorization header. /proc/PID/cmdline and
# /proc/PID/environ are searched too.
#
# Exit status: 0 when nothing was found, 1 when something was (each find
# is listed on stdout), 2 on a usage error or when no core could be taken.
#
# Use test canaries only, never a real secret: the canaries are in this
# script's own argv. The core image is kept in a private temporary
# directory (on /dev/shm when possible) and removed on exit.
# Attaching needs root with CAP_SYS_PTRACE, or the same user when the
# target is still dumpable (hc_harden_process() makes it not dumpable).
set -u

die() {
	echo "gcore-check: $*" >&2
	exit 2
}

[ $# -ge 2 ] || die "usage: gcore-check.sh PID CANARY..."
pid=$1
shift
case $pid in
'' | *[!0-9]*) die "invalid process id: $pid" ;;
esac
[ -d "/proc/$pid" ] || die "process $pid not found"
for canary in "$@"; do
	# Shorter canaries would make the base64 fragments match by chance.
	[ ${#canary} -ge 8 ] || die "canary too short: use at least 8 characters"
done
command -v gcore >/dev/null || die "gcore not found (it comes with gdb)"
command -v python3 >/dev/null || die "python3 not found"

tmp_base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	tmp_base=/dev/shm
fi
work=$(mktemp -d "$tmp_base/gcore-check.XXXXXX") ||
	die "mktemp failed in $tmp_base"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# Copy the /proc views first, and the maps to name where core hits are.
cat "/proc/$pid/cmdline" >"$work/cmdline" 2>/dev/null ||
	die "cannot read /proc/$pid/cmdline (run as root?)"
cat "/proc/$pid/environ" >"$work/environ" 2>/dev/null ||
	die "cannot read /proc/$pid/environ (run as root?)"
cat "/proc/$pid/maps" >"$work/maps" 2>/dev/null ||
	die "cannot read /proc/$pid/maps (run as root?)"

if ! gcore -o "$work/core" "$pid" >"$work/gcore.log" 2>&1 ||
	[ ! -s "$work/core.$pid" ]; then
	echo "gcore-check: gcore failed on process $pid (root needed once it is not dumpable):" >&2
	grep -v '^$' "$work/gcore.log" | tail -n 5 >&2
	exit 2
fi

python3 - "$work" "$pid" "$@" <<'EOF'
import base64
import mmap
import struct
import sys

work, pid, canaries = sys.argv[1], sys.argv[2], sys.argv[3:]


def forms(canary):
    """(name, bytes) for every encoding searched for."""
    raw = canary.encode()
    out = [("raw", raw), ("hex", raw.hex().encode())]
    for shift in range(3):
        # Characters that depend only on the canary's own bits.
        enc = base64.b64encode(b"\0" * shift + raw)
        lo = -(-8 * shift // 6)
        hi = 8 * (shift + len(raw)) // 6
        frag = enc[lo:hi]
        out.append(("base64 (shift %d)" % shift, frag))
        url = frag.translate(bytes.maketrans(b"+/", b"-_"))
        if url != frag:
            out.append(("base64url (shift %d)" % shift, url))
    return out


def load_segments(core):
    """PT_LOAD segments of an ELF64 core: (offset, vaddr, filesz)."""
    if core[:4] != b"\x7fELF" or core[4] != 2:
        return []
    phoff, = struct.unpack_from("<Q", core, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", core, 0x36)
    segs = []
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", core, phoff + i * phentsize)
        if p_type == 1:
            segs.append((p_offset, p_vaddr, p_filesz))
    return segs


def region(segs, maps, off):
    for s_off, vaddr, size in segs:
        if s_off <= off < s_off + size:
            addr = vaddr + off - s_off
            for start, end, name in maps:
                if start <= addr < end:
                    return "0x%x %s" % (addr, name or "[anonymous]")
            return "0x%x" % addr
    return "file offset %d (ELF notes)" % off


maps = []
with open(work + "/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        start, end = (int(x, 16) for x in parts[0].split("-"))
        maps.append((start, end, parts[5].strip() if len(parts) > 5 else ""))

found = 0
views = {}
for name in ("cmdline", "environ"):
    with open("%s/%s" % (work, name), "rb") as f:
        views[name] = f.read()

with open("%s/core.%s" % (work, pid), "rb") as f:
    core = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    segs = load_segments(core)
    for n, canary in enumerate(canaries, 1):
        label = "canary %d (%s...)" % (n, canary[:4])
        for form, needle in forms(canary):
            for name, data in views.items():
                if needle in data:
                    print("found %s as %s in /proc/%s/%s"
                          % (label, form, pid, name))
                    found += 1
            off = core.find(needle)
            hits = 0
            while off != -1 and hits < 5:
                print("found %s as %s in core at %s"
                      % (label, form, region(segs, maps, off)))
                found += 1
                hits += 1
                off = core.find(needle, off + 1)
    core.close()

sys.exit(1 if found else 0)
EOF
