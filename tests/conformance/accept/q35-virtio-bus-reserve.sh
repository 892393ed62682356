# accept: virtio-iommu: bus-reserve widens the pcie.0 VIOT range
qemu-system-x86_64 \
  -M q35 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=4 \
  -device e1000e,id=nic1,bus=rp1
