# accept: virtio-iommu boot-bypass=off: unrelated to host-bridge bypass (no table or DMA change)
qemu-system-x86_64 \
  -M q35 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0,boot-bypass=off \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
