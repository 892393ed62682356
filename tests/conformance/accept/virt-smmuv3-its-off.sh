# accept: virt its=off: 7.2 still writes the ITS node, 10.0 has no ITS node
qemu-system-aarch64 \
  -M virt,iommu=smmuv3,its=off \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
