# reject: virtio-iommu-pci on a PXB root bus: only bridges go there
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device virtio-iommu-pci,id=viommu,bus=pxb1
