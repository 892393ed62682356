# accept: amd-iommu: PXB with a root port and a pcie-pci-bridge
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10 \
  -device pcie-pci-bridge,id=ppb1,bus=pxb1,addr=0x1 \
  -device e1000,id=nic11,bus=ppb1,addr=0x1
