# accept: virt + virtio-iommu-pci: VIOT and an ITS-only IORT
qemu-system-aarch64 \
  -M virt \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
