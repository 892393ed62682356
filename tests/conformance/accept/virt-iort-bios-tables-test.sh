# accept: QEMU's bios-tables-test IORT smmuv3-legacy configuration: root port on pcie.0, pxb 0x10, pxb 0x20 bypassed
qemu-system-aarch64 \
  -machine virt,iommu=smmuv3 \
  -device pcie-root-port,chassis=1,id=pci.1 \
  -device pxb-pcie,bus_nr=0x10,id=pcie.100,bus=pcie.0 \
  -device pxb-pcie,bus_nr=0x20,id=pcie.200,bus=pcie.0,bypass_iommu=on
