# accept: everything bypasses: IVRS falls back to the type 0x01 "all" entry
qemu-system-x86_64 \
  -M q35,default_bus_bypass_iommu=on \
  -device amd-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
