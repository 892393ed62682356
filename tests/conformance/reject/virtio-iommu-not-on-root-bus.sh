# reject: virtio-iommu-pci behind a root port
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device virtio-iommu-pci,id=viommu,bus=rp1
