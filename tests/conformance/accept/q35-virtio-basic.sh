# accept: q35 + virtio-iommu-pci: VIOT has one PCI range for pcie.0
qemu-system-x86_64 \
  -M q35 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
