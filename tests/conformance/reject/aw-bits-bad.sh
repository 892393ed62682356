# reject: aw-bits must be 39 or 48 (the message differs: 10.0 says "Legacy mode: ...")
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,aw-bits=40
