# The test VM's PCI topology, in the one place the harness, the tests and
# the README read it: a machine shaped like the reference laptop (a dGPU
# and its audio function in one slot behind their own root port, one IOMMU
# group, like 01:00.0/01:00.1), a NIC behind another root port, the boot
# VGA on the root bus, and a second GPU behind a PCIe switch, so that a
# group holding bridges exists.  Sourced by tests/vm/run (the QEMU
# arguments) and by the tests inside the VM (the addresses).

# Addresses as the guest's kernel numbers them (q35: buses in port order).
VM_BOOT_VGA=0000:00:02.0      # VGA on the root bus, the console's
VM_GPU=0000:01:00.0           # VGA (class 0300, bochs-drm) at function 0
VM_GPU_AUDIO=0000:01:00.1     # ich9-intel-hda at function 1 of that slot
VM_NIC=0000:02:00.0           # e1000e, the guest's network
VM_SWITCH_UP=0000:03:00.0     # x3130-upstream behind the third root port
VM_SWITCH_DOWN=0000:04:00.0   # xio3130-downstream under it
VM_GPU2=0000:05:00.0          # VGA behind the switch

# vm_topology_args: the QEMU arguments that build it, one a line.
vm_topology_args() {
	cat <<'ARGS'
-vga
none
-audiodev
none,id=snd0
-device
VGA,bus=pcie.0,addr=02.0
-device
pcie-root-port,id=rp1,bus=pcie.0,addr=1c.0,chassis=1,slot=1,multifunction=on
-device
VGA,bus=rp1,addr=00.0,multifunction=on
-device
ich9-intel-hda,id=hda1,bus=rp1,addr=00.1
-device
hda-duplex,bus=hda1.0,audiodev=snd0
-device
pcie-root-port,id=rp2,bus=pcie.0,addr=1c.1,chassis=2,slot=2
-netdev
user,id=net0,restrict=on
-device
e1000e,netdev=net0,bus=rp2,addr=00.0
-device
pcie-root-port,id=rp3,bus=pcie.0,addr=1c.2,chassis=3,slot=3
-device
x3130-upstream,id=sw1,bus=rp3
-device
xio3130-downstream,id=sw1d0,bus=sw1,chassis=4,slot=0
-device
VGA,bus=sw1d0,addr=00.0
ARGS
}
