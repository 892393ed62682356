# accept: virt smmuv3 with everything bypassed: RC has one mapping to the ITS
qemu-system-aarch64 \
  -M virt,iommu=smmuv3,default_bus_bypass_iommu=on \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
