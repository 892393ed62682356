# accept: amd-iommu with a multifunction endpoint on pcie.0
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device e1000e,id=mf0,bus=pcie.0,addr=0x6.0,multifunction=on \
  -device e1000e,id=mf1,bus=pcie.0,addr=0x6.1 \
  -device e1000e,id=mf2,bus=pcie.0,addr=0x6.2
