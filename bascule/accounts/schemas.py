from ninja import Schema


class UserOut(Schema):
    id: int
    email: str
    name: str
    role: str
    language: str
    time_zone: str
