# accept: intremap=off: DMAR flags 0 (the default under TCG would be on)
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu,intremap=off \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
