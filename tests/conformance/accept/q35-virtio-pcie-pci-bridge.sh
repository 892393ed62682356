# accept: virtio-iommu: root port → pcie-pci-bridge → conventional NIC
qemu-system-x86_64 \
  -M q35 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pcie-pci-bridge,id=ppb1,bus=rp1 \
  -device e1000,id=nic1,bus=ppb1,addr=0x1
