# accept: virt + virtio-iommu with the default bus bypassed
qemu-system-aarch64 \
  -M virt,default_bus_bypass_iommu=on \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
