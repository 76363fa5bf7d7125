# Sourced by tools/boot and tools/test: make sure the build and run tools
# are installed (Debian/Ubuntu). As root, install what is missing with
# apt-get; otherwise print the exact command and stop.

DEPS_PACKAGES="meson ninja-build gcc binutils python3 qemu-system-x86 grub-common \
grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf clang libclang-rt-14-dev"

deps_missing() {
	local missing=""
	for p in $DEPS_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	echo "$missing"
}

deps_ensure() {
	local missing
	missing=$(deps_missing)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages:$missing" >&2
		echo "install them with: sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || { echo "apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "apt-get install failed:$missing" >&2; exit 1; }
}

# Configure (once) and build the kernel, the ISOs and the host tests.
build_all() {
	local builddir=$1
	if [ ! -f "$builddir/build.ninja" ]; then
		meson setup "$builddir" --cross-file cross/x86_64-kernel.ini \
			>"$builddir.setup.log" 2>&1 ||
			{ cat "$builddir.setup.log" >&2; echo "meson setup failed" >&2; exit 1; }
		rm -f "$builddir.setup.log"
	fi
	meson compile -C "$builddir" >/dev/null 2>"$builddir/compile.log" || {
		cat "$builddir/compile.log" >&2
		meson compile -C "$builddir" >&2
		echo "build failed" >&2
		exit 1
	}
}
