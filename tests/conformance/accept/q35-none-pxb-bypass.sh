# accept: bypass_iommu without a vIOMMU changes nothing
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device e1000e,id=nic20,bus=rp20
