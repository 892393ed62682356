# accept: virtio-iommu, everything bypassed: VIOT with the IOMMU node only
qemu-system-x86_64 \
  -M q35,default_bus_bypass_iommu=on \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
