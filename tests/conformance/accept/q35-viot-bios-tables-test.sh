# accept: QEMU's bios-tables-test VIOT configuration: default bus bypassed, pxb 0x10, 0x20 (bypass), 0x30
qemu-system-x86_64 \
  -machine q35,default_bus_bypass_iommu=on \
  -device virtio-iommu-pci \
  -device pxb-pcie,bus_nr=0x10,id=pcie.100,bus=pcie.0 \
  -device pxb-pcie,bus_nr=0x20,id=pcie.200,bus=pcie.0,bypass_iommu=on \
  -device pxb-pcie,bus_nr=0x30,id=pcie.300,bus=pcie.0
