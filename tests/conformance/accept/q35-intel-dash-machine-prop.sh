# accept: default-bus-bypass-iommu spelled with dashes is accepted on -machine (keyval dashify)
qemu-system-x86_64 \
  -M q35,default-bus-bypass-iommu=on \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
