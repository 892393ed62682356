# accept: a multifunction endpoint on pcie.0 (05.0 multifunction=on, 05.1): two DMAR endpoint scopes
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device e1000e,id=mf0,bus=pcie.0,addr=0x5.0,multifunction=on \
  -device e1000e,id=mf1,bus=pcie.0,addr=0x5.1
