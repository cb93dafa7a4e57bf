import PinterestETL
print("pinterest-etl")
