# accept: pc without a vIOMMU, legacy pxb (internal pci-bridge with the pxb id)
qemu-system-x86_64 \
  -M pc \
  -device pxb,id=pxb1,bus=pci.0,bus_nr=0x10,bypass_iommu=on \
  -device e1000,id=nic10,bus=pxb1,addr=0x1
