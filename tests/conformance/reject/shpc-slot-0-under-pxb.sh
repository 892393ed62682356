# reject: a child at slot 0 of a pcie-pci-bridge on a PXB root bus (SHPC is the hotplug handler there)
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-pci-bridge,id=ppb1,bus=pxb1 \
  -device e1000,id=nic1,bus=ppb1,addr=0x0
