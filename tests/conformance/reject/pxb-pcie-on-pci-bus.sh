# reject: pxb-pcie on pc pci.0
qemu-system-x86_64 \
  -M pc \
  -device pxb-pcie,id=pxb1,bus=pci.0,bus_nr=0x10
